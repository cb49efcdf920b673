package io.gmgw.cli.token;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.Token;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw token keygen}: an SM2 key pair generated inside the token; the private key never leaves it. */
@ExitCodes({ExitCode.CANT_CREATE, ExitCode.PERMISSION_DENIED})
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Generate an SM2 key pair inside the token (the profile's SM2 key-generation mechanism, or "
                + "CKM_EC_KEY_PAIR_GEN on the SM2 curve): the private key is sensitive and never extractable.",
                "Prints the pkcs11: URI to use it by, e.g. with 'gmgw pki issue --sign-key URI' or 'gmgw pki csr "
                        + "--key URI'. A label already used by a private key exits 73."},
        footerHeading = "%nExample:%n",
        footer = "  gmgw token keygen --token gw --label sign --id 01 --pin-source file:token.pin")
final class TokenKeygenCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("cli");

    @Spec
    private CommandSpec spec;

    @Mixin
    private TokenOptions token;

    @Option(names = "--label", paramLabel = "LABEL", required = true, description = "Label of the new key pair.")
    private String label;

    @Option(names = "--id", paramLabel = "HEX", description = "CKA_ID of the new key pair (hex), e.g. 01.")
    private String id;

    @Option(names = "--pin-source", paramLabel = "SOURCE", required = true,
            description = "The user PIN: file:/path, env:NAME, systemd-credential:NAME or prompt.")
    private String pin;

    @Override
    public Integer call() {
        byte[] keyId = TokenOptions.hexId(spec, "--id", id);
        try (Pkcs11Module m = token.open()) {
            TokenInfo t = token.token(m);
            TokenKeys.GeneratedKey k;
            try (Token pool = m.token(token.selector(), token.pinSource("--pin-source", pin), 1)) {
                k = pool.call((lib, s) -> {
                    if (lib.findObjects(s, TokenKeys.template(Ck.CKO_PRIVATE_KEY, label, null)).length > 0) {
                        throw new CommandFailedException(ExitCode.CANT_CREATE, "token '" + t.label() + "' already "
                                + "has a private key labelled '" + label + "'; choose another --label");
                    }
                    return TokenKeys.generate(lib, s, m.profile(), label, keyId);
                });
            }
            LOG.info("SM2 key pair '{}' generated in token '{}' (serial {})", label, t.label(), t.serialNumber());
            PrintWriter out = spec.commandLine().getOut();
            out.println("Generated SM2 key pair '" + label + "'" + (keyId == null ? "" : " (id "
                    + HexFormat.of().formatHex(keyId) + ")") + " in token '" + t.label() + "' (serial "
                    + t.serialNumber() + ").");
            out.println("Public key: " + HexFormat.of().formatHex(k.publicKey().encoded()));
            out.println("Use it as: " + TokenOptions.uri(m, t, label, keyId));
            out.flush();
        }
        return ExitCode.OK.code();
    }
}
