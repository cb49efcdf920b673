package io.gmgw.cli.pki;

import io.gmgw.cli.CommandGroup;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.ca.PkiFolder;
import picocli.CommandLine.Command;

/**
 * {@code gmgw pki}: a small two-level SM2 CA in a folder, for gateways, VPN users and tests: a root, an issuing CA
 * under it, double pairs (GM/T 0015 signing and encryption certificates), requests, revocation and CRLs. The help
 * ends with the folder's layout ({@link #LAYOUT}, the files {@link PkiFolder} names).
 */
@ExitCodes(ExitCode.USAGE)
@Command(name = "pki", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = {"A two-level SM2 CA in a folder: a root CA, an issuing CA under it, GM/T 0015 double pairs "
                + "(a signing and an encryption certificate), certification requests, revocation and CRLs.",
                "Start with 'gmgw pki init', then 'gmgw pki issue --server HOST' and 'gmgw pki issue --client USER'."},
        footerHeading = "%n", footer = PkiCommand.LAYOUT,
        subcommands = {
                PkiInitCommand.class,
                PkiIssueCommand.class,
                PkiCsrCommand.class,
                PkiRevokeCommand.class,
                PkiCrlCommand.class,
                PkiShowCommand.class,
        })
public final class PkiCommand extends CommandGroup {
    /**
     * Shown at the end of {@code gmgw pki --help} (picocli turns {@code %n} into line breaks); docs/pki.md has the same
     * table, which a test checks.
     */
    static final String LAYOUT = ""
            + "Folder layout (--dir DIR, default ./pki):%n"
            + "  root/ca.key.pem             root CA key (keep it offline once set up)%n"
            + "  root/ca.cert.pem            root CA certificate: the trust anchor%n"
            + "  root/ca.crl.pem             root CA's CRL (revokes the issuing CA)%n"
            + "  intermediate/ca.key.pem     issuing CA key: signs certificates and CRLs%n"
            + "  intermediate/ca.cert.pem    issuing CA certificate%n"
            + "  intermediate/ca.chain.pem   issuing CA certificate, then the root's%n"
            + "  intermediate/ca.crl.pem     issuing CA's CRL (revokes end entities)%n"
            + "  */serials.txt               serial ledger: serial, expiry, subject%n"
            + "  */revoked.txt               revocation index: serial, date, reason, subject%n"
            + "  */crlnumber                 number of the CA's last CRL%n"
            + "  issued/NAME/sign.key.pem    signing key (absent if the key is elsewhere)%n"
            + "  issued/NAME/sign.cert.pem   signing certificate%n"
            + "  issued/NAME/sign.chain.pem  signing cert, issuing CA, root (found beside key)%n"
            + "  issued/NAME/enc.*           the same for the encryption key%n"
            + "  .lock                       held while a command changes the folder%n"
            + "Keys are mode 0600; root/, intermediate/ and issued/NAME/ are 0700.%n";
}

