package io.gmgw.cli.config;

import io.gmgw.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code gmgw config}: the gateway's configuration file (docs/gateway.md). */
@Command(name = "config", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = {"The gateway's configuration: one YAML file (conf/gateway.yaml, every key in docs/gateway.md)."},
        subcommands = {ConfigCheckCommand.class})
public final class ConfigCommand extends CommandGroup {
}
