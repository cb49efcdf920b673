package io.gmgw.cli.otp;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw otp remove}: deletes a token and its sealed seed. */
@ExitCodes({ExitCode.NOT_FOUND, ExitCode.CONFIG, ExitCode.IO_ERROR, ExitCode.PERMISSION_DENIED,
        ExitCode.AUDIT_UNAVAILABLE})
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Remove a token (a lost fob, a user who left): its file and its sealed seed are deleted, "
                + "its user can no longer log in with it. To use the fob again, import its seed again. Audited as "
                + "otp.token-remove."},
        footerHeading = "%nExample:%n",
        footer = "  gmgw otp remove SOFT0001 --store otp --seed-key file:otp-seed.key")
final class OtpRemoveCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private OtpStoreOptions options;

    @Mixin
    private JsonOption json;

    @Parameters(index = "0", paramLabel = "SERIAL|@USER", description = "The token's serial, or @ and its user.")
    private String name;

    OtpRemoveCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        try (TokenStore store = options.open(bootstrap.approvedModule(), bootstrap.auditForChange(), false)) {
            TokenRecord r = OtpShowCommand.find(store, name);
            store.remove(r.serial(), OtpStoreOptions.operator());
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                json.print(out, new OtpViews.Change(r.serial(), "removed", r.user().orElse(null), null));
            } else {
                out.println("Token " + r.serial() + r.user().map(u -> " of " + u).orElse("")
                        + " removed, its sealed seed with it.");
                out.flush();
            }
            return ExitCode.OK.code();
        }
    }
}
