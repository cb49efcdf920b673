package io.gmgw.cli.token;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Audited;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.TokenSelector;
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
import picocli.CommandLine;

/** {@code gmgw token init}: C_InitToken with the SO PIN, then the user PIN set by the SO. */
@ExitCodes({ExitCode.CANT_CREATE, ExitCode.PERMISSION_DENIED})
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Initialise the token in --slot: give it --label, set (first time) or check the SO PIN, then "
                + "set the user PIN. Initialising a token that is already initialised destroys every object on it, so"
                + " that needs --wipe."},
        footerHeading = "%nExample:%n",
        footer = {"  gmgw token init --module /usr/lib/softhsm/libsofthsm2.so --slot 0 \\",
                "      --label gw --so-pin-source file:so.pin --pin-source file:token.pin"})
final class TokenInitCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("cli");

    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TokenOptions token;

    @Option(names = "--label", paramLabel = "LABEL", required = true, description = "The new label (at most 32 bytes).")
    private String label;

    @Option(names = "--so-pin-source", paramLabel = "SOURCE", required = true,
            description = "The SO PIN: file:/path, env:NAME, systemd-credential:NAME or prompt.")
    private String soPin;

    @Option(names = "--pin-source", paramLabel = "SOURCE", required = true,
            description = "The user PIN to set, same forms.")
    private String userPin;

    @Option(names = "--wipe", description = "Re-initialise a token that is already initialised (destroys its keys).")
    private boolean wipe;

    TokenInitCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        if (token.selector().slotId() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name the slot to initialise with --slot "
                    + "(see 'gmgw token list')");
        }
        if (label.isBlank() || label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 32) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--label must have 1 to 32 bytes");
        }
        PasswordSource so = token.pinSource("--so-pin-source", soPin);
        PasswordSource user = token.pinSource("--pin-source", userPin);
        long slot = token.selector().slotId();
        Audit audit = bootstrap.auditForChange();
        try (Pkcs11Module m = token.open()) {
            Audited.run(audit, AuditEventType.TOKEN_INIT, "slot " + slot + " of " + m.path(),
                    () -> initialise(m, slot, so, user), (serial, e) -> e.subject(serial).detail("label", label)
                            .detail("wiped", wipe));
        }
        return ExitCode.OK.code();
    }

    /** Initialises the token in {@code slot}; returns its serial number. */
    private String initialise(Pkcs11Module m, long slot, PasswordSource so, PasswordSource user) {
        Pkcs11Library lib = m.library();
        TokenInfo before = lib.tokenInfo(slot);
        if (before.initialized() && !wipe) {
            throw new CommandFailedException(ExitCode.CANT_CREATE, "the token in slot " + slot + " is already "
                    + "initialised as '" + before.label() + "' (serial " + before.serialNumber() + "); "
                    + "initialising it again destroys every key on it: add --wipe if that is what you want");
        }
        char[] soPinValue = so.password();
        char[] userPinValue = user.password();
        try {
            lib.initToken(slot, soPinValue, label);
            // some modules (SoftHSM) move an initialised token to a new slot: find it by label again
            long now = m.findToken(new TokenSelector(label, null, null, null, null)).slotId();
            long s = lib.openSession(now, true);
            try {
                lib.login(s, Ck.CKU_SO, soPinValue);
                lib.initPin(s, userPinValue);
                lib.logout(s);
            } finally {
                lib.closeSession(s);
            }
            TokenInfo after = lib.tokenInfo(now);
            LOG.info("token in slot {} of {} initialised as '{}' (serial {})", now, m.path(), label,
                    after.serialNumber());
            PrintWriter out = spec.commandLine().getOut();
            out.println("Initialised the token in slot " + now + " as '" + label + "' (serial "
                    + after.serialNumber() + "); the user PIN is set from " + user.description() + ".");
            out.flush();
            return after.serialNumber();
        } finally {
            Arrays.fill(soPinValue, '\0');
            Arrays.fill(userPinValue, '\0');
        }
    }
}
