package io.gmgw.cli.otp;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw otp assign}: gives a token to a user (a user has at most one), or takes it back. */
@ExitCodes({ExitCode.NOT_FOUND, ExitCode.UNAVAILABLE, ExitCode.CONFIG, ExitCode.IO_ERROR, ExitCode.PERMISSION_DENIED,
        ExitCode.AUDIT_UNAVAILABLE})
@Command(name = "assign", mixinStandardHelpOptions = true,
        description = {"Assign a token to a user, the name the user logs in with (the certificate's CN for "
                + "certificate-and-token logins); --none takes it back. A user holds at most one token: one "
                + "assigned elsewhere exits 69 with the token to unassign first. Audited as otp.assign."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw otp assign EV0001 bob --store otp --seed-key file:otp-seed.key",
                "  gmgw otp assign EV0001 --none --store otp --seed-key file:otp-seed.key"})
final class OtpAssignCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private OtpStoreOptions options;

    @Mixin
    private JsonOption json;

    @Parameters(index = "0", paramLabel = "SERIAL", description = "The token's serial.")
    private String serial;

    @Parameters(index = "1", arity = "0..1", paramLabel = "USER", description = "The user to give it to.")
    private String user;

    @Option(names = "--none", description = "Take the token back from its user.")
    private boolean none;

    OtpAssignCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        if ((user == null) == !none) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name a USER, or --none to unassign");
        }
        try (TokenStore store = options.open(bootstrap.approvedModule(), bootstrap.auditForChange(), false)) {
            OtpShowCommand.find(store, serial);
            TokenRecord r;
            try {
                r = store.assign(serial, Optional.ofNullable(user), OtpStoreOptions.operator());
            } catch (IllegalArgumentException e) {
                throw new CommandFailedException(ExitCode.USAGE, e.getMessage());
            } catch (GatewayException e) {
                throw new CommandFailedException(ExitCode.UNAVAILABLE, e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                json.print(out, new OtpViews.Change(serial, none ? "unassigned" : "assigned", user,
                        OtpViews.Token.of(r)));
            } else {
                out.println(none ? "Token " + serial + " is assigned to nobody." : "Token " + serial
                        + " is assigned to " + user + ".");
                out.flush();
            }
            return ExitCode.OK.code();
        }
    }
}
