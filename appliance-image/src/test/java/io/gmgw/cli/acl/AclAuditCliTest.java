package io.gmgw.cli.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclSamples;
import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.log.ChainRecord;
import io.gmgw.acl.sign.SignedAcl;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.Outcome;
import io.gmgw.cli.GmgwRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACL signing and verification in the audit log: each a chained record naming the file, the signer and the version
 * (failures with why); without a writable audit log a signature is refused and nothing is written.
 */
class AclAuditCliTest {
    @TempDir
    static Path pkiDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void writePki() throws IOException {
        AclCliTest.PKI.writeTo(pkiDir);
    }

    private static GmgwRun acl(Path log, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "acl";
        System.arraycopy(args, 0, all, 1, args.length);
        return GmgwRun.withAuditLog(log, AclCliTest.MODULE, all);
    }

    private static String pki(String name) {
        return pkiDir.resolve(name).toString();
    }

    @Test
    void signingAndEveryVerificationAreChainedRecords() throws IOException {
        Path log = dir.resolve("audit.log");
        Path file = Files.write(dir.resolve("edge.nft"), AclSamples.of("nftables", 20));
        assertEquals(0, acl(log, "sign", file.toString(), "--key", pki("signer.key.pem"), "--cert",
                pki("signer.chain.pem")).exitCode());
        assertEquals(0, acl(log, "verify", file.toString(), "--trust", pki("root.pem")).exitCode());
        Files.writeString(file, "\n# a change nobody signed\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(1, acl(log, "verify", file.toString(), "--trust", pki("root.pem")).exitCode());

        AuditChain chain = AuditChain.read(AclCliTest.MODULE, log);
        assertTrue(chain.intact(), () -> chain.problem().toString());
        List<AuditEvent> events = chain.records().stream().map(r -> ((ChainRecord.Event) r).event())
                .filter(e -> e.event().startsWith("acl.")).toList();
        assertEquals(List.of("acl.sign", "acl.verify", "acl.verify"), events.stream().map(AuditEvent::event).toList());
        assertEquals(file.toString(), events.get(0).object());
        assertEquals("C=CN,O=gmgw,CN=ACL signer", events.get(0).subject());
        assertEquals("1", events.get(0).correlation().get("version"));
        assertEquals(Outcome.SUCCESS, events.get(1).outcome());
        assertEquals(Outcome.FAILURE, events.get(2).outcome());
        assertEquals("SIGNATURE_INVALID", events.get(2).details().get("verdict"));
    }

    @Test
    void withoutAWritableAuditLogNothingIsSigned() throws IOException {
        Path blocked = Files.writeString(dir.resolve("not-a-folder"), "x").resolve("audit.log");
        Path file = Files.write(dir.resolve("edge.nft"), AclSamples.of("nftables", 20));
        GmgwRun run = acl(blocked, "sign", file.toString(), "--key", pki("signer.key.pem"), "--cert",
                pki("signer.chain.pem"));
        assertEquals(81, run.exitCode(), run::toString);
        assertFalse(Files.exists(SignedAcl.cmsFile(file)), "no signature written");
        assertFalse(Files.exists(SignedAcl.rawSignatureFile(file)));
    }
}
