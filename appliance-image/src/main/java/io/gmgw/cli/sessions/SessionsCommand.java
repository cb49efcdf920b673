package io.gmgw.cli.sessions;

import io.gmgw.cli.CommandGroup;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code gmgw sessions}: the running gateway's VPN sessions, from its control socket. */
@ExitCodes(ExitCode.USAGE)
@Command(name = "sessions", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = {"The running gateway's VPN sessions: list them, show one, disconnect one or all of a user's.",
                "Every command asks the gateway on its control socket: --socket PATH, by default "
                        + "/run/gmgw/control.sock for root and $XDG_RUNTIME_DIR/gmgw/control.sock for others (the "
                        + "gateway's control.socket). Only root and the gateway's user may use it. See "
                        + "docs/control-api.md."},
        subcommands = {
                SessionsListCommand.class,
                SessionsShowCommand.class,
                SessionsDisconnectCommand.class,
        })
public final class SessionsCommand extends CommandGroup {
}
