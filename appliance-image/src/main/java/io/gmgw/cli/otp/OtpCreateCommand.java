package io.gmgw.cli.otp;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.otp.IdLayout;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpFactor;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.otp.enrol.SoftTokens;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw otp create}: a soft token whose seed is shown this once, for enrolment in an app. */
@ExitCodes({ExitCode.CANT_CREATE, ExitCode.UNAVAILABLE, ExitCode.CONFIG, ExitCode.IO_ERROR,
        ExitCode.PERMISSION_DENIED, ExitCode.AUDIT_UNAVAILABLE})
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a soft token: a fresh 128-bit seed from the module's DRBG, sealed into the store at "
                + "once and printed this one time, as base32 and as an otpauth://gmtotp (or gmhotp) URI naming the "
                + "GM algorithm, for an app that computes GB/T 38556 passwords. It is not stored in the clear and "
                + "cannot be shown again: to re-enrol, remove the token and create another.",
                "Standard authenticator apps (Google or Microsoft Authenticator, FreeOTP, Aegis) compute RFC "
                        + "6238/4226 HMAC passwords, not GB/T 38556: they refuse the gmtotp URI. See docs/otp.md. "
                        + "A serial already in the store exits 73. Audited as otp.token-add."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw otp create SOFT0001 --user alice --store otp \\",
                "      --seed-key file:otp-seed.key",
                "  gmgw otp create SOFT0002 --type event --algorithm sm4 --digits 8 \\",
                "      --store otp --seed-key file:otp-seed.key --json"})
final class OtpCreateCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private OtpStoreOptions options;

    @Mixin
    private JsonOption json;

    @Parameters(index = "0", paramLabel = "SERIAL", description = "The new token's serial (letters, digits, . - _).")
    private String serial;

    @Option(names = "--user", paramLabel = "USER", description = "Assign it to this user at once.")
    private String user;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "time",
            description = "time (a new password every interval) or event (one per button press). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String type;

    @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "sm3",
            description = "sm3 or sm4. Default: ${DEFAULT-VALUE}.")
    private String algorithm;

    @Option(names = "--digits", paramLabel = "N", defaultValue = "6", description = "6 to 8. Default: 6.")
    private int digits;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds per password of a time token, 1 to 60. Default: 60.")
    private int interval;

    @Option(names = "--issuer", paramLabel = "NAME", defaultValue = "gmgw",
            description = "The name the app shows beside the token. Default: ${DEFAULT-VALUE}.")
    private String issuer;

    OtpCreateCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /** What --json prints: the token and the seed, this once. */
    record Enrolment(OtpViews.Token token, String seedBase32, String uri, String notice) {
    }

    @Override
    public Integer call() throws IOException {
        OtpProfile profile;
        try {
            OtpFactor factor = switch (type.toLowerCase(Locale.ROOT)) {
                case "time" -> OtpFactor.TIME;
                case "event" -> OtpFactor.EVENT;
                default -> throw new IllegalArgumentException("--type must be time or event, not " + type);
            };
            profile = new OtpProfile(OtpAlgorithm.of(algorithm), Set.of(factor), digits, interval, 0,
                    IdLayout.OMIT_ABSENT);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.USAGE, e.getMessage());
        }
        CryptoModule module = bootstrap.approvedModule();
        try (TokenStore store = options.open(module, bootstrap.auditForChange())) {
            SoftTokens.Created c;
            try {
                c = SoftTokens.create(store, module, serial, profile, Optional.ofNullable(user), issuer);
            } catch (FileAlreadyExistsException e) {
                throw new CommandFailedException(ExitCode.CANT_CREATE, "token " + serial + " is already in "
                        + store.directory() + "; choose another serial, or 'gmgw otp remove " + serial + "' first");
            } catch (IllegalArgumentException e) {
                throw new CommandFailedException(ExitCode.USAGE, e.getMessage());
            } catch (GatewayException e) {
                throw new CommandFailedException(ExitCode.UNAVAILABLE, e.getMessage());
            }
            String notice = "Shown this once: enrol it now in an app that computes GB/T 38556 passwords; gmgw "
                    + "keeps it only sealed.";
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                json.print(out, new Enrolment(OtpViews.Token.of(c.record()), c.base32Seed(), c.uri(), notice));
                return ExitCode.OK.code();
            }
            out.println("Created soft token " + serial + c.record().user().map(u -> " for " + u).orElse("") + ": "
                    + OtpViews.Token.of(c.record()).type() + ".");
            out.println("Seed (base32): " + c.base32Seed());
            out.println("Enrolment URI: " + c.uri());
            out.println(notice);
            out.flush();
            return ExitCode.OK.code();
        }
    }
}
