package io.gmgw.cli.acl;

import io.gmgw.cli.CommandGroup;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import picocli.CommandLine.Command;

/**
 * {@code gmgw acl}: SM2/SM3 signatures over access-control lists (nftables, iptables-save, Cisco IOS, Huawei/H3C),
 * verification reports for auditors, the audit chain of ACL versions and watching the live ruleset.
 */
@ExitCodes(ExitCode.USAGE)
@Command(name = "acl", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = {"Sign ACLs and firewall rulesets with SM2/SM3 (detached CMS, plus a raw signature for OpenSSL), "
                + "verify them with a report an auditor can paste, keep a signed audit chain of versions, and compare "
                + "the live ruleset with the signed one.",
                "Formats: nftables (text and JSON), iptables-save/ip6tables-save, Cisco IOS, Huawei VRP/H3C. "
                        + "See docs/acl-integrity.md."},
        subcommands = {
                AclSignCommand.class,
                AclVerifyCommand.class,
                AclLogCommand.class,
                AclWatchCommand.class,
                AclShowCommand.class,
                AclDiffCommand.class,
        })
public final class AclCommand extends CommandGroup {
}
