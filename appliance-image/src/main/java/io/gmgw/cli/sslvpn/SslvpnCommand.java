package io.gmgw.cli.sslvpn;

import io.gmgw.cli.CommandGroup;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code gmgw sslvpn}: the SSL VPN gateway (TLCP and TLS on one port, CSTP tunnels as openconnect speaks them). */
@ExitCodes(ExitCode.USAGE)
@Command(name = "sslvpn", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = {"The SSL VPN gateway: TLCP (GB/T 38636) and TLS on one port, certificate login, CSTP tunnels "
                + "as openconnect and AnyConnect speak them, signed group ACLs. Configured by one YAML file "
                + "(conf/gateway.yaml; every key in docs/gateway.md)."},
        subcommands = {SslvpnRunCommand.class})
public final class SslvpnCommand extends CommandGroup {
}
