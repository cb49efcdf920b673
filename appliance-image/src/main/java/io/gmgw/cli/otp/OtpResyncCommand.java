package io.gmgw.cli.otp;

import io.gmgw.audit.Audit;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.gateway.otp.OtpLogins;
import io.gmgw.gateway.otp.OtpVerifier;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw otp resync}: finds a token's clock drift or counter again from two consecutive passwords. */
@ExitCodes({ExitCode.VERIFICATION_FAILED, ExitCode.NOT_FOUND, ExitCode.CONFIG, ExitCode.IO_ERROR,
        ExitCode.PERMISSION_DENIED, ExitCode.AUDIT_UNAVAILABLE})
@Command(name = "resync", mixinStandardHelpOptions = true,
        description = {"Resynchronise a token whose clock drifted or whose button was pressed many times away from"
                + " the gateway: give two passwords the token showed one after the other. They are searched "
                + OtpResyncCommand.DRIFT + " intervals either side of now (time tokens; the gateway's "
                + "otp.max-drift-steps with --config) and " + OtpVerifier.RESYNC_COUNTER_WINDOW + " counters ahead "
                + "(event tokens); both must be new. The drift or counter is then set from the second, which is "
                + "spent. Audited as otp.resync.",
                "Passwords not found exit 1 and change nothing: check the serial, take two fresh passwords."},
        footerHeading = "%nExample:%n",
        footer = "  gmgw otp resync EV0001 380641 456964 --config conf/gateway-otp.yaml")
final class OtpResyncCommand implements Callable<Integer> {
    /** OtpPolicy.DEFAULT.maxDriftSteps(), as a constant for the help (OtpCommandTest keeps them equal). */
    static final int DRIFT = 10;
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private OtpStoreOptions options;

    @Mixin
    private JsonOption json;

    @Parameters(index = "0", paramLabel = "SERIAL|@USER", description = "The token's serial, or @ and its user.")
    private String name;

    @Parameters(index = "1", paramLabel = "FIRST", description = "A password the token showed.")
    private String first;

    @Parameters(index = "2", paramLabel = "SECOND", description = "The password it showed next.")
    private String second;

    @Option(names = "--challenge", paramLabel = "Q", description = "The challenge typed into a challenge token.")
    private String challenge;

    OtpResyncCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        CryptoModule module = bootstrap.approvedModule();
        Audit audit = bootstrap.auditForChange();
        try (TokenStore store = options.open(module, audit, false)) {
            TokenRecord r = OtpShowCommand.find(store, name);
            OtpLogins logins = OtpUnlockCommand.logins(module, store, audit, options.policy());
            OtpLogins.Result result;
            try {
                result = store.withSeed(r, seed -> {
                    try {
                        return logins.resynchronise(OtpStoreOptions.operator(), r.serial(), r.profile(), seed,
                                r.state(), first, second, Optional.ofNullable(challenge));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (IllegalArgumentException e) {
                throw new CommandFailedException(ExitCode.USAGE, e.getMessage());
            }
            if (!result.accepted()) {
                throw new CommandFailedException(ExitCode.VERIFICATION_FAILED, "the two passwords were not found "
                        + "one after the other within " + options.policy().maxDriftSteps() + " intervals of now or "
                        + OtpVerifier
                        .RESYNC_COUNTER_WINDOW + " counters ahead for token " + r.serial() + " (or were used "
                        + "already); nothing changed. Check the serial and give two fresh consecutive passwords");
            }
            PrintWriter out = spec.commandLine().getOut();
            OtpViews.Token t = OtpViews.Token.of(r.withState(result.state()));
            if (json.enabled()) {
                json.print(out, new OtpViews.Change(r.serial(), "resynchronised", r.user().orElse(null), t));
            } else {
                out.println("Token " + r.serial() + " resynchronised: "
                        + (t.intervalSeconds() != null ? "clock drift " + t.driftSteps() + " intervals" : "")
                        + (t.intervalSeconds() != null && t.nextCounter() != null ? ", " : "")
                        + (t.nextCounter() != null ? "next counter " + t.nextCounter() : "") + ".");
                out.flush();
            }
            return ExitCode.OK.code();
        }
    }
}
