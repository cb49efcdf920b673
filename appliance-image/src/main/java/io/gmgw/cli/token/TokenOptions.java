package io.gmgw.cli.token;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.SecretSources;
import io.gmgw.pkcs11.Pkcs11LoadException;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.profile.ProfileException;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.TokenSelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The options naming a PKCS#11 module and a token in it (a mixin of every {@code gmgw token} command). */
public final class TokenOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--module", paramLabel = "FILE",
            description = "The PKCS#11 module (the vendor's .so); default: $GMGW_PKCS11_MODULE.")
    private Path module;

    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "Vendor profile by name (tass, sansec, usbkey-0x8000, luna, ibm, softhsm, generic-ec, "
                    + "gmgw-softkey...) or a profile file; default: matched from the module's manufacturer.")
    private String profile;

    @Option(names = "--token", paramLabel = "LABEL", description = "The token's label.")
    private String label;

    @Option(names = "--serial", paramLabel = "SERIAL", description = "The token's serial number.")
    private String serial;

    @Option(names = "--slot", paramLabel = "ID", description = "The slot id (see 'gmgw token list').")
    private Long slot;

    Path modulePath() {
        if (module != null) {
            return module;
        }
        String env = System.getenv("GMGW_PKCS11_MODULE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "name the PKCS#11 module: --module "
                + "/path/to/vendor-pkcs11.so (or set GMGW_PKCS11_MODULE)");
    }

    /** Loads and initialises the module; a wrong path or profile is a configuration error. */
    Pkcs11Module open() {
        Path path = modulePath();
        try {
            return Pkcs11Module.open(path, profile);
        } catch (Pkcs11LoadException | ProfileException e) {
            throw new CommandFailedException(ExitCode.CONFIG, e.getMessage(), e);
        }
    }

    TokenSelector selector() {
        return new TokenSelector(label, serial, null, null, slot);
    }

    /** The one token the options select (with no option: the only token present). */
    TokenInfo token(Pkcs11Module m) {
        return m.findToken(selector());
    }

    /** A {@code --pin-source} style option's value as a source; {@code option} names it in errors. */
    PasswordSource pinSource(String option, String spec) {
        if (spec == null) {
            throw new CommandLine.ParameterException(this.spec.commandLine(), "this command needs " + option
                    + " (file:/path, env:NAME, systemd-credential:NAME or prompt)");
        }
        String label = switch (option) {
            case "--so-pin-source" -> "SO PIN";
            case "--new-pin-source" -> "New user PIN";
            default -> "User PIN";
        };
        return SecretSources.parse(spec, label + " of the token");
    }

    /** The pkcs11: URI of an object, for using the key elsewhere (no PIN in it). */
    public static String uri(Pkcs11Module m, TokenInfo token, String object, byte[] id) {
        StringBuilder u = new StringBuilder("pkcs11:token=").append(encode(token.label().getBytes(StandardCharsets.UTF_8)))
                .append(";object=").append(encode(object.getBytes(StandardCharsets.UTF_8)));
        if (id != null && id.length > 0) {
            u.append(";id=");
            for (byte b : id) {
                u.append('%').append(HexFormat.of().toHexDigits(b));
            }
        }
        return u.append("?module-path=").append(encode(m.path().toString().getBytes(StandardCharsets.UTF_8)))
                .toString();
    }

    private static String encode(byte[] v) {
        StringBuilder s = new StringBuilder();
        for (byte b : v) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/:@!$'()*+,".indexOf(c) >= 0)) {
                s.append(c);
            } else {
                s.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return s.toString();
    }

    static byte[] hexId(CommandSpec spec, String option, String hex) {
        if (hex == null) {
            return null;
        }
        try {
            byte[] id = HexFormat.of().parseHex(hex.replace(":", ""));
            if (id.length == 0 || id.length > 64) {
                throw new IllegalArgumentException("length");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be 1 to 64 bytes in hex, e.g."
                    + " 01 or 0a1b2c: " + hex);
        }
    }
}
