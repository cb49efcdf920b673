package io.gmgw.cli.otp;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gmgw otp list}: the tokens of the store. */
@ExitCodes({ExitCode.CONFIG, ExitCode.IO_ERROR, ExitCode.PERMISSION_DENIED})
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the tokens of the store: serial, user, type (algorithm/factors/digits), state.",
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw otp list --store otp --seed-key file:otp-seed.key",
                "  gmgw otp list --store otp --seed-key file:otp-seed.key --json",
                "  gmgw otp list --config conf/gateway-otp.yaml"})
final class OtpListCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private OtpStoreOptions options;

    @Mixin
    private JsonOption json;

    OtpListCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        try (TokenStore store = options.open(bootstrap.approvedModule(), bootstrap.audit(), false)) {
            List<OtpViews.Token> tokens = store.list().stream().map(OtpViews.Token::of).toList();
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                json.print(out, new OtpViews.Listing(store.directory().toString(), store.seedKeyDescription(), tokens));
                return ExitCode.OK.code();
            }
            if (tokens.isEmpty()) {
                out.println("No tokens in " + store.directory()
                        + "; 'gmgw otp import' or 'gmgw otp create' adds them.");
            } else {
                out.printf("%-20s %-16s %-22s %s%n", "SERIAL", "USER", "TYPE", "STATE");
                for (OtpViews.Token t : tokens) {
                    out.printf("%-20s %-16s %-22s %s%n", t.serial(), t.user() == null ? "-" : t.user(), t.type(),
                            t.state() + (t.failures() > 0 ? " (" + t.failures() + " failed)" : ""));
                }
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }
}
