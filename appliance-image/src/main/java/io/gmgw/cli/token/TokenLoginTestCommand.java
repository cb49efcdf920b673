package io.gmgw.cli.token;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Audited;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.Token;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw token login-test}: logs in once with the configured PIN source, as the gateway would. */
@ExitCodes(ExitCode.PERMISSION_DENIED)
@Command(name = "login-test", mixinStandardHelpOptions = true,
        description = {"Log in to the token with the user PIN from --pin-source, as the gateway will, and log out.",
                "A wrong PIN exits 77 and says what the token reports about the tries left (each wrong PIN counts "
                        + "towards the lock-out); a locked PIN exits 77 and names 'gmgw token unblock'."},
        footerHeading = "%nExample:%n",
        footer = "  gmgw token login-test --token gw --pin-source systemd-credential:token-pin")
final class TokenLoginTestCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;
    @Spec
    private CommandSpec spec;

    @Mixin
    private TokenOptions token;

    @Option(names = "--pin-source", paramLabel = "SOURCE", required = true,
            description = "The user PIN: file:/path, env:NAME, systemd-credential:NAME or prompt.")
    private String pin;

    TokenLoginTestCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() {
        // A wrong PIN counts against the token's tries: that changes its state, so it is audited strictly.
        Audit audit = bootstrap.auditForChange();
        try (Pkcs11Module m = token.open()) {
            TokenInfo t = token.token(m);
            io.gmgw.crypto.key.PasswordSource source = token.pinSource("--pin-source", pin);
            try (Token pool = m.token(token.selector(), source, 1, audit)) {
                pool.call((lib, s) -> lib.sessionInfo(s));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Logged in to token '" + t.label() + "' (slot " + t.slotId() + ", serial " + t.serialNumber()
                    + ") with the PIN from " + source.description() + ": OK");
            out.flush();
        }
        return ExitCode.OK.code();
    }
}
