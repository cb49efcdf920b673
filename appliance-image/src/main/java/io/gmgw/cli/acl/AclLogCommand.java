package io.gmgw.cli.acl;

import io.gmgw.cli.CommandGroup;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code gmgw acl log}: the audit chain of ACL versions. */
@ExitCodes(ExitCode.USAGE)
@Command(name = "log", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = "The audit chain of signed ACL versions (a JSON-lines file, each record linked to the one "
                + "before by SM3, with SM2-signed checkpoints).",
        subcommands = {AclLogVerifyCommand.class, AclLogCheckpointCommand.class})
public final class AclLogCommand extends CommandGroup {
}
