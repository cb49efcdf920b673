package io.gmgw.cli.token;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Audited;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw token unblock}: the SO sets a new user PIN, which clears the retry counter and the lock. */
@ExitCodes(ExitCode.PERMISSION_DENIED)
@Command(name = "unblock", mixinStandardHelpOptions = true,
        description = {"Unblock a locked user PIN: log in as the SO and set a new user PIN (C_InitPIN), which clears "
                + "the retry counter. Stop the gateway first if the token does not allow an SO login while it has "
                + "sessions open."},
        footerHeading = "%nExample:%n",
        footer = {"  gmgw token unblock --token gw --so-pin-source prompt \\",
                "      --new-pin-source file:token.pin"})
final class TokenUnblockCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;
    private static final Logger LOG = LoggerFactory.getLogger("cli");

    @Spec
    private CommandSpec spec;

    @Mixin
    private TokenOptions token;

    @Option(names = "--so-pin-source", paramLabel = "SOURCE", required = true,
            description = "The SO PIN: file:/path, env:NAME, systemd-credential:NAME or prompt.")
    private String soPin;

    @Option(names = "--new-pin-source", paramLabel = "SOURCE", required = true,
            description = "The new user PIN, same forms.")
    private String newPin;

    TokenUnblockCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        PasswordSource so = token.pinSource("--so-pin-source", soPin);
        PasswordSource user = token.pinSource("--new-pin-source", newPin);
        Audit audit = bootstrap.auditForChange();
        try (Pkcs11Module m = token.open()) {
            TokenInfo t = token.token(m);
            Audited.run(audit, AuditEventType.TOKEN_UNBLOCK, "token '" + t.label() + "' of " + m.path(),
                    () -> unblock(m, t, so, user), (done, e) -> e.subject(t.serialNumber())
                            .detail("was", t.userPinState()));
        }
        return ExitCode.OK.code();
    }

    private boolean unblock(Pkcs11Module m, TokenInfo t, PasswordSource so, PasswordSource user) {
        Pkcs11Library lib = m.library();
        char[] soValue = so.password();
        char[] userValue = user.password();
        long s = lib.openSession(t.slotId(), true);
        try {
            lib.login(s, Ck.CKU_SO, soValue);
            lib.initPin(s, userValue);
            lib.logout(s);
        } finally {
            Arrays.fill(soValue, '\0');
            Arrays.fill(userValue, '\0');
            lib.closeSession(s);
        }
        LOG.info("user PIN of token '{}' (serial {}) of {} reset by the SO", t.label(), t.serialNumber(), m.path());
        PrintWriter out = spec.commandLine().getOut();
        out.println("The user PIN of token '" + t.label() + "' (serial " + t.serialNumber() + ") is set from "
                + user.description() + " and no longer blocked (was: " + t.userPinState() + ").");
        out.flush();
        return true;
    }
}
