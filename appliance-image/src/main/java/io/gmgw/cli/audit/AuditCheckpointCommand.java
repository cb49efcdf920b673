package io.gmgw.cli.audit;

import io.gmgw.acl.log.AuditLogFile;
import io.gmgw.acl.log.ChainRecord;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.acl.SigningKeyOptions;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gmgw audit checkpoint}: an SM2 signature over the audit log's head, appended to it. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = {"Append a checkpoint to the audit log: an SM2 signature (with the key named by --key, for example "
                + "the gateway's signing key in its token) over the head of the log at this moment. Records before a "
                + "checkpoint cannot be removed or changed without breaking its signature; run it from a timer.",
                "'gmgw audit verify --trust CA' checks every checkpoint's signer (a checkpoint names the signer's "
                        + "certificate alone: trust the CA that issued it)."},
        footerHeading = "%nExample:%n",
        footer = {"  gmgw audit checkpoint --key pki/issued/acl-signer/sign.key.pem \\",
                "      --password-file keys.pw"})
final class AuditCheckpointCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private AuditLogOption log;

    @Mixin
    private SigningKeyOptions key;

    AuditCheckpointCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() {
        Path file = log.file(bootstrap);
        bootstrap.auditForChange();
        CryptoModule module = bootstrap.approvedModule();
        if (!Files.exists(file)) {
            throw new CommandFailedException(ExitCode.IO_ERROR, "no audit log at " + file + "; name it with --log");
        }
        try (KeyHandle handle = key.open(module)) {
            List<Sm2Certificate> chain = SigningKeyOptions.chain(handle);
            Sm2Certificate signer = chain.get(0);
            byte[] signerSm3 = module.sm3().hash(signer.encoded());
            String signerB64 = java.util.Base64.getEncoder().encodeToString(signer.encoded());
            String time = module.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
            AuditLogFile.Tail tail = AuditLogFile.open(file).append(t -> {
                ChainRecord.Checkpoint unsigned = new ChainRecord.Checkpoint(t.seq() + 1, t.head(), time, "", "");
                byte[] signature = handle.sign(unsigned.toBeSigned(signerSm3), io.gmgw.crypto.sm2.Sm2.defaultUserId());
                return List.of(new ChainRecord.Checkpoint(unsigned.seq(), t.head(), time, signerB64,
                        java.util.Base64.getEncoder().encodeToString(signature)));
            });
            PrintWriter out = spec.commandLine().getOut();
            out.println("checkpoint appended to " + file + " as record " + tail.seq() + ", signed by '"
                    + signer.subject() + "'; head " + tail.head());
            out.flush();
        }
        return ExitCode.OK.code();
    }
}
