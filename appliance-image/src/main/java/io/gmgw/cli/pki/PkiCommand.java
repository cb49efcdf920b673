package io.gmgw.cli.pki;

import io.gmgw.cli.CommandGroup;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import picocli.CommandLine.Command;

/**
 * {@code gmgw pki}: a small two-level SM2 CA in a folder, for gateways, VPN users and tests: a root, an issuing CA
 * under it, double pairs (GM/T 0015 signing and encryption certificates), requests, revocation and CRLs. The help
 * ends with the folder's layout ({@link PkiFolder#LAYOUT}).
 */
@ExitCodes(ExitCode.USAGE)
@Command(name = "pki", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = {"A two-level SM2 CA in a folder: a root CA, an issuing CA under it, GM/T 0015 double pairs "
                + "(a signing and an encryption certificate), certification requests, revocation and CRLs.",
                "Start with 'gmgw pki init', then 'gmgw pki issue --server HOST' and 'gmgw pki issue --client USER'."},
        footerHeading = "%n", footer = PkiFolder.LAYOUT,
        subcommands = {
                PkiInitCommand.class,
                PkiIssueCommand.class,
                PkiCsrCommand.class,
                PkiRevokeCommand.class,
                PkiCrlCommand.class,
                PkiShowCommand.class,
        })
public final class PkiCommand extends CommandGroup {
}
