package io.gmgw.cli.otp;

import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Audited;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.SecretSources;
import io.gmgw.gateway.otp.store.SeedKeys;
import io.gmgw.gateway.otp.store.Sm4SeedKey;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.key.Pkcs11Uri;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.Token;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw otp seed-key}: makes the SM4 key the token store seals seeds under. */
@ExitCodes({ExitCode.CANT_CREATE, ExitCode.CONFIG, ExitCode.IO_ERROR, ExitCode.PERMISSION_DENIED,
        ExitCode.UNAVAILABLE, ExitCode.AUDIT_UNAVAILABLE})
@Command(name = "seed-key", mixinStandardHelpOptions = true,
        description = {"Make the SM4 seed key, once per gateway: a new random key in a file (file:/path, created "
                + "mode 0600, for the demo and tests), or generated inside a PKCS#11 token that has SM4 "
                + "(pkcs11:...;object=LABEL;type=secret-key, sensitive and never extractable; SoftHSM 2 has no SM4)."
                + " A key that exists already is kept and exits 73: losing it loses every seed sealed under it.",
                "Audited as key.generate."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw otp seed-key --seed-key file:otp-seed.key",
                "  gmgw otp seed-key --seed-key \\",
                "      'pkcs11:token=gw;object=otp;type=secret-key?pin-source=file:token.pin'"})
final class OtpSeedKeyCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seed-key", paramLabel = "KEY", required = true,
            description = "Where to make it: file:/path, or pkcs11:token=..;object=..;type=secret-key"
                    + "?pin-source=..(&module-path=.. or $GMGW_PKCS11_MODULE).")
    private String seedKey;

    OtpSeedKeyCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        CryptoModule module = bootstrap.approvedModule();
        PrintWriter out = spec.commandLine().getOut();
        if (SeedKeys.isFile(seedKey)) {
            java.nio.file.Path file = SeedKeys.path(seedKey);
            Audited.run(bootstrap.auditForChange(), AuditEventType.KEY_GENERATE, "file:" + file.toAbsolutePath(),
                    () -> {
                        try {
                            Sm4SeedKey.generate(module, file).close();
                            return file;
                        } catch (FileAlreadyExistsException e) {
                            throw new CommandFailedException(ExitCode.CANT_CREATE, file + " exists: it may seal "
                                    + "seeds already, so it is kept; name another file");
                        }
                    }, (f, e) -> e.detail("algorithm", "SM4").detail("purpose", "otp seed key"));
            out.println("Made SM4 seed key file:" + file.toAbsolutePath() + " (mode 0600). Back it up apart from the"
                    + " token store: without it no seed opens.");
            out.flush();
            return ExitCode.OK.code();
        }
        Pkcs11Uri u = Pkcs11Uri.parse(seedKey);
        if (!"secret-key".equals(u.path().get("type")) || u.object() == null) {
            throw new CommandFailedException(ExitCode.USAGE, "a token seed key is named "
                    + "pkcs11:token=..;object=LABEL;type=secret-key?pin-source=..: add object= and type=secret-key");
        }
        PasswordSource pin = u.query().containsKey("pin-source") ? SecretSources.parse(u.query().get("pin-source"))
                : u.query().containsKey("pin-value") ? PasswordSource.of(u.query().get("pin-value").toCharArray())
                : null;
        if (pin == null) {
            throw new CommandFailedException(ExitCode.USAGE, "the URI needs the user PIN: add "
                    + "?pin-source=file:/path (or prompt)");
        }
        String shown = io.gmgw.crypto.key.KeyProviders.redact(seedKey);
        try (Pkcs11Module m = Pkcs11Module.open(u.modulePath(), u.query().get("x-profile"));
                Token token = m.token(u.selector(), pin, 1, bootstrap.auditForChange())) {
            Audited.run(bootstrap.auditForChange(), AuditEventType.KEY_GENERATE, shown, () -> token.call((lib, s) -> {
                if (lib.findObjects(s, TokenKeys.template(Ck.CKO_SECRET_KEY, u.object(), null)).length > 0) {
                    throw new CommandFailedException(ExitCode.CANT_CREATE, token.describe() + " already has a secret"
                            + " key '" + u.object() + "': it may seal seeds already, so it is kept; choose another "
                            + "object=");
                }
                return TokenKeys.generateSm4(lib, s, m.profile(), u.object(), u.id());
            }), (h, e) -> e.detail("algorithm", "SM4").detail("purpose", "otp seed key"));
            out.println("Generated SM4 seed key '" + u.object() + "' in " + token.describe() + "; use it as --seed-key "
                    + "'" + shown + "'.");
            out.flush();
        } catch (KeyLoadException e) {
            throw e;
        }
        return ExitCode.OK.code();
    }
}
