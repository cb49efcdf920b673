package io.gmgw.cli.acl;

import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.sign.AclVerdict;
import io.gmgw.acl.sign.AclVerificationException;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.files.ExclusiveFileLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw acl log checkpoint CHAIN --key URI}: a signed checkpoint now (for a periodic timer). */
@ExitCodes(ExitCode.PERMISSION_DENIED)
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Append an SM2-signed checkpoint over the chain's current head (run it from a timer for periodic"
                + " checkpoints; 'gmgw acl sign --log' adds one after each version by default).",
        footerHeading = "%nExample:%n",
        footer = {"  gmgw acl log checkpoint acl.chain --password-file keys.pw \\",
                "      --key pki/issued/acl-signer/sign.key.pem \\",
                "      --cert pki/issued/acl-signer/sign.chain.pem"})
final class AclLogCheckpointCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHAIN", description = "The audit chain file.")
    private Path file;

    @Mixin
    private SigningKeyOptions key;

    AclLogCheckpointCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        Audit audit = bootstrap.auditForChange();
        CryptoModule module = bootstrap.approvedModule();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no audit chain there");
        }
        try (KeyHandle handle = key.open(module); ExclusiveFileLock lock = AuditChain.lock(file)) {
            AuditChain chain = AuditChain.read(module, file);
            if (!chain.intact()) {
                throw new AclVerificationException(AclVerdict.ROLLBACK, "the audit chain " + file + " is broken ("
                        + chain.problem().orElseThrow().message() + "); gmgw does not append to it");
            }
            AuditChain written = chain.append(module, null, handle, SigningKeyOptions.chain(handle).get(0),
                    module.clock().instant());
            audit.success(AuditEventType.ACL_LOG_CHECKPOINT).object(file.toString())
                    .subject(SigningKeyOptions.chain(handle).get(0).subject().toString())
                    .correlate("seq", Integer.toString(written.records().size())).detail("head", written.head()).write();
            spec.commandLine().getOut().println("checkpoint appended to " + file + " as record "
                    + written.records().size() + "; head " + written.head());
            spec.commandLine().getOut().flush();
        }
        return ExitCode.OK.code();
    }
}
