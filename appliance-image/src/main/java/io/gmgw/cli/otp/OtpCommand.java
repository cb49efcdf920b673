package io.gmgw.cli.otp;

import io.gmgw.cli.CommandGroup;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code gmgw otp}: dynamic tokens (GB/T 38556 one-time passwords) in the gateway's token store. */
@ExitCodes(ExitCode.USAGE)
@Command(name = "otp", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = {"Dynamic tokens (GB/T 38556 / GM/T 0021 one-time passwords, SM3 or SM4): make the seed key,"
                + " import vendor seed files, create soft tokens for an app, assign tokens to users, resynchronise,"
                + " unlock and remove them.",
                "Every command works on a token store (--store, default /var/lib/gmgw/otp) whose seeds are sealed"
                        + " under an SM4 seed key (--seed-key): file:/path for the demo, or an SM4 key in a PKCS#11"
                        + " token, pkcs11:token=...;object=...;type=secret-key?pin-source=..., so the store cannot"
                        + " be used without the token. See docs/otp.md."},
        subcommands = {
                OtpSeedKeyCommand.class,
                OtpImportCommand.class,
                OtpCreateCommand.class,
                OtpListCommand.class,
                OtpShowCommand.class,
                OtpAssignCommand.class,
                OtpResyncCommand.class,
                OtpUnlockCommand.class,
                OtpRemoveCommand.class,
        })
public final class OtpCommand extends CommandGroup {
}
