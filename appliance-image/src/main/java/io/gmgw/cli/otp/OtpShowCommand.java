package io.gmgw.cli.otp;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
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

/** {@code gmgw otp show}: one token, by serial or by user; never its seed. */
@ExitCodes({ExitCode.NOT_FOUND, ExitCode.CONFIG, ExitCode.IO_ERROR, ExitCode.PERMISSION_DENIED})
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one token: its type, its user, and the verifier's state (locked or not, failed tries,"
                + " clock drift, last accepted interval or next counter). The seed is never shown.",
                "Name the token by serial, or by its user with @USER. No such token exits 67."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw otp show EV0001 --store otp --seed-key file:otp-seed.key",
                "  gmgw otp show @alice --store otp --seed-key file:otp-seed.key --json"})
final class OtpShowCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private OtpStoreOptions options;

    @Mixin
    private JsonOption json;

    @Parameters(index = "0", paramLabel = "SERIAL|@USER", description = "The token's serial, or @ and its user.")
    private String name;

    OtpShowCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        try (TokenStore store = options.open(bootstrap.approvedModule(), bootstrap.audit(), false)) {
            OtpViews.Token t = OtpViews.Token.of(find(store, name));
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                json.print(out, t);
            } else {
                t.print(out);
                out.flush();
            }
            return ExitCode.OK.code();
        }
    }

    /** The token named by serial or @user; NOT_FOUND (67) otherwise. */
    static TokenRecord find(TokenStore store, String name) throws IOException {
        if (name.startsWith("@")) {
            return store.forUser(name.substring(1)).orElseThrow(() -> new CommandFailedException(ExitCode.NOT_FOUND,
                    "user " + name.substring(1) + " has no token in " + store.directory()
                            + "; 'gmgw otp assign SERIAL USER' gives one"));
        }
        try {
            return store.get(name).orElseThrow(() -> new CommandFailedException(ExitCode.NOT_FOUND, "no token "
                    + name + " in " + store.directory() + "; 'gmgw otp list' shows the tokens"));
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.USAGE, e.getMessage());
        }
    }
}
