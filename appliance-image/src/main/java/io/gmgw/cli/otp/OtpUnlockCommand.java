package io.gmgw.cli.otp;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.gateway.otp.OtpLogins;
import io.gmgw.gateway.otp.OtpPolicy;
import io.gmgw.gateway.otp.OtpVerifier;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.audit.Audit;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw otp unlock}: clears a token's failed tries and its lock-out. */
@ExitCodes({ExitCode.NOT_FOUND, ExitCode.CONFIG, ExitCode.IO_ERROR, ExitCode.PERMISSION_DENIED,
        ExitCode.AUDIT_UNAVAILABLE})
@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = {"Unlock a token locked after too many wrong passwords, and clear its count of failed "
                + "tries; the learned clock drift and the replay bounds stay. Audited as otp.unlock. Make sure the "
                + "user, not someone guessing, made the failed tries ('gmgw audit show --event otp.')."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw otp unlock EV0001 --store otp --seed-key file:otp-seed.key",
                "  gmgw otp unlock EV0001 --config conf/gateway-otp.yaml"})
final class OtpUnlockCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private OtpStoreOptions options;

    @Mixin
    private JsonOption json;

    @Parameters(index = "0", paramLabel = "SERIAL|@USER", description = "The token's serial, or @ and its user.")
    private String name;

    OtpUnlockCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /** The logins of a store, for the operator's unlock and resync, with the gateway's policy. */
    static OtpLogins logins(CryptoModule module, TokenStore store, Audit audit, OtpPolicy policy) {
        return new OtpLogins(new OtpVerifier(new DynamicPasswords(module.sm3(), module.sm4()), policy),
                store, audit, Clock.systemUTC());
    }

    @Override
    public Integer call() throws IOException {
        CryptoModule module = bootstrap.approvedModule();
        Audit audit = bootstrap.auditForChange();
        try (TokenStore store = options.open(module, audit, false)) {
            TokenRecord r = OtpShowCommand.find(store, name);
            OtpLogins.Result result = logins(module, store, audit, options.policy()).unlock(OtpStoreOptions.operator(), r.serial(),
                    r.state());
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                json.print(out, new OtpViews.Change(r.serial(), "unlocked", r.user().orElse(null),
                        OtpViews.Token.of(r.withState(result.state()))));
            } else {
                out.println("Token " + r.serial() + (r.state().locked() ? " unlocked" : " was not locked")
                        + "; " + r.state().failures() + " failed tries cleared.");
                out.flush();
            }
            return ExitCode.OK.code();
        }
    }
}
