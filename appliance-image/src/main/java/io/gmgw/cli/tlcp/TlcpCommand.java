package io.gmgw.cli.tlcp;

import io.gmgw.cli.CommandGroup;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code gmgw tlcp}: test a TLCP endpoint without writing code, like {@code openssl s_client}/{@code s_server}. */
@ExitCodes(ExitCode.USAGE)
@Command(name = "tlcp", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = {"TLCP 1.1 (GM/T 0024, GB/T 38636) diagnostics: connect to a TLCP server, or run an echo server.",
                "Cipher suites are named by hex ID (E013), GM/T name (ECC_SM4_CBC_SM3) or TLCP_ name "
                        + "(TLCP_ECC_SM4_CBC_SM3): E013, E053, E011, E051. ECDHE suites need client certificates."},
        subcommands = {TlcpConnectCommand.class, TlcpServeCommand.class})
public final class TlcpCommand extends CommandGroup {
}
