package io.gmgw.cli.token;

import io.gmgw.cli.CommandGroup;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code gmgw token}: the PKCS#11 tokens (HSMs, smart keys) gmgw keeps its keys in, for operators. */
@ExitCodes(ExitCode.USAGE)
@Command(name = "token", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = {"PKCS#11 tokens (HSMs, USB smart keys) for gmgw's keys: list slots, show a token, initialise it,"
                + " test the PIN, unblock a locked PIN, generate SM2 keys inside it, store certificates next to them.",
                "Every command takes --module (the vendor's PKCS#11 .so, or $GMGW_PKCS11_MODULE) and, where a PIN is"
                        + " needed, --pin-source: file:/path, env:NAME, systemd-credential:NAME or prompt.",
                "Keys made here are used elsewhere as pkcs11: URIs, e.g. gmgw pki issue --sign-key 'pkcs11:token=gw;"
                        + "object=sign?module-path=...&pin-source=file:/etc/gmgw/token.pin'. See docs/pkcs11.md."},
        subcommands = {
                TokenListCommand.class,
                TokenInfoCommand.class,
                TokenInitCommand.class,
                TokenLoginTestCommand.class,
                TokenUnblockCommand.class,
                TokenKeygenCommand.class,
                TokenImportCertCommand.class,
                TokenShowCommand.class,
        })
public final class TokenCommand extends CommandGroup {
}
