package io.gmgw.cli.audit;

import io.gmgw.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code gmgw audit}: the hash-chained audit log of security events (docs/audit-events.md). */
@Command(name = "audit", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = {"The audit log: one hash-chained JSON record per security event (CA and token operations, key "
                + "use, TLCP handshakes, ACL signing and verification, self-tests), in audit.log in the log folder "
                + "($GMGW_LOG_DIR, else ~/.local/state/gmgw).",
                "Verify it, show its events, or sign its head (a checkpoint). See docs/audit-events.md."},
        subcommands = {AuditVerifyCommand.class, AuditShowCommand.class, AuditCheckpointCommand.class})
public final class AuditCommand extends CommandGroup {
}
