package io.gmgw.acl.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclSamples;
import io.gmgw.acl.AclTestPki;
import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.sign.AclSigner;
import io.gmgw.acl.sign.AclVerdict;
import io.gmgw.acl.sign.AclVerification;
import io.gmgw.acl.sign.AclVerifier;
import io.gmgw.acl.sign.SignedAcl;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.files.ExclusiveFileLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit chain: versions and checkpoints appended, then deletion, reordering, rollback to an older valid version,
 * tampering with any byte and truncation detected; and {@code verify --log} refusing an older signed version.
 */
class AuditChainTest {
    private static final AclTestPki PKI = new AclTestPki("acl-chain");
    private static final CryptoModule MODULE = AclTestPki.module("acl-chain-during", AclTestPki.DURING);

    @TempDir
    Path dir;
    Path chainFile;
    final List<byte[]> contents = new ArrayList<>();
    final List<SignedAcl> signatures = new ArrayList<>();

    /** Three versions of "edge", one of "core", with a checkpoint after each. */
    @BeforeEach
    void threeVersions() throws IOException {
        chainFile = dir.resolve("acl.chain");
        for (int v = 1; v <= 3; v++) {
            append("edge", AclSamples.iptables(100 + v, v));
        }
        append("core", AclSamples.nftables(50, 1));
    }

    private SignedAcl append(String name, byte[] content) throws IOException {
        try (ExclusiveFileLock lock = AuditChain.lock(chainFile)) {
            AuditChain chain = AuditChain.read(MODULE, chainFile);
            assertTrue(chain.intact(), () -> chain.problem().toString());
            SignedAcl signed = new AclSigner(MODULE, PKI.signer.key(), PKI.signer.chain()).sign(content,
                    AclDocument.parse(content), name, chain.nextVersion(name), chain.headBytes());
            chain.append(MODULE, chain.versionRecord(signed, MODULE.clock().instant()), PKI.signer.key(),
                    PKI.signer.chain().get(0), MODULE.clock().instant());
            contents.add(content);
            signatures.add(signed);
            return signed;
        }
    }

    private AuditChain read() throws IOException {
        return AuditChain.read(MODULE, chainFile);
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(chainFile));
    }

    private void write(List<String> lines) throws IOException {
        Files.writeString(chainFile, String.join("\n", lines) + "\n");
    }

    @Test
    void anAppendedChainVerifiesWithVersionsAndCheckpoints() throws IOException {
        AuditChain chain = read();
        assertTrue(chain.intact());
        assertEquals(8, chain.records().size());
        assertEquals(3, chain.latest("edge").orElseThrow().version());
        assertEquals(1, chain.latest("core").orElseThrow().version());
        assertEquals(0, chain.uncheckpointed());
        CertificateVerifier verifier = CertificateVerifier.builder(MODULE).trustAnchor(PKI.root)
                .revocationPolicy(RevocationPolicy.IF_PRESENT).build();
        assertTrue(chain.certificateProblem(verifier).isEmpty());
        CertificateVerifier other = CertificateVerifier.builder(MODULE).trustAnchor(PKI.otherRoot).build();
        assertTrue(chain.certificateProblem(other).isPresent());
        // The newest signature verifies against the chain; the first of edge is a rollback (exit 3).
        AclVerification newest = verify(contents.get(2), signatures.get(2), chain);
        assertEquals(AclVerdict.VALID, newest.verdict(), newest.message());
        assertTrue(newest.history().result().startsWith("newest version (3) of edge"), newest.history().result());
        AclVerification old = verify(contents.get(0), signatures.get(0), chain);
        assertEquals(AclVerdict.ROLLBACK, old.verdict());
        assertTrue(old.message().contains("version 1") && old.message().contains("version 3"), old.message());
    }

    private static AclVerification verify(byte[] content, SignedAcl signed, AuditChain chain) {
        return AclVerifier.builder(MODULE).trustAnchors(List.of(PKI.root)).auditChain(chain).build()
                .verify("edge", content, "edge.p7s", signed.cms());
    }

    @Test
    void deletingAnyRecordIsDetected() throws IOException {
        List<String> original = lines();
        for (int i = 0; i < original.size() - 1; i++) {
            List<String> l = new ArrayList<>(original);
            l.remove(i);
            write(l);
            AuditChain chain = read();
            assertFalse(chain.intact(), "deleting record " + (i + 1));
            assertEquals(i + 1, chain.problem().orElseThrow().seq());
        }
    }

    @Test
    void reorderingIsDetected() throws IOException {
        List<String> l = lines();
        String a = l.get(2);
        l.set(2, l.get(4));
        l.set(4, a);
        write(l);
        assertFalse(read().intact());
    }

    @Test
    void reappendingAnOlderValidVersionAsNewestIsARollback() throws IOException {
        // A writer that re-signs version 1's content claims version 2 again: the version sequence breaks.
        List<String> l = lines();
        AuditChain intact = read();
        SignedAcl again = new AclSigner(MODULE, PKI.signer.key(), PKI.signer.chain()).sign(contents.get(0),
                AclDocument.parse(contents.get(0)), "edge", 2, intact.headBytes());
        ChainRecord.Version rec = intact.versionRecord(again, MODULE.clock().instant());
        l.add(rec.toJson());
        write(l);
        AuditChain chain = read();
        assertFalse(chain.intact());
        assertTrue(chain.problem().orElseThrow().message().contains("rollback"), chain.problem().toString());
        // Copying an old record to the end breaks the link instead.
        List<String> copy = lines().subList(0, 8);
        copy = new ArrayList<>(copy);
        copy.add(copy.get(0).replace("\"seq\":1,", "\"seq\":9,"));
        write(copy);
        assertFalse(read().intact());
    }

    @Test
    void flippingAnyByteOfASmallChainIsDetected() throws IOException {
        // Exhaustive over a whole chain: one small version and its checkpoint.
        chainFile = dir.resolve("small.chain");
        append("fw", "*filter\n-A INPUT -j DROP\nCOMMIT\n".getBytes(StandardCharsets.US_ASCII));
        byte[] original = Files.readAllBytes(chainFile);
        assertTrue(read().intact());
        for (int i = 0; i < original.length; i++) {
            byte[] t = original.clone();
            t[i] ^= 0x01;
            Files.write(chainFile, t);
            int at = i;
            assertFalse(read().intact(), () -> "flipping byte " + at + " ('" + (char) original[at] + "') of "
                    + original.length + " went unnoticed");
        }
    }

    @Test
    void flippingSampledBytesOfTheLargerChainIsDetected() throws IOException {
        byte[] original = Files.readAllBytes(chainFile);
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int n = 0; n < 150; n++) {
            byte[] t = original.clone();
            int i = random.nextInt(t.length);
            t[i] ^= (byte) (1 << random.nextInt(7));
            Files.write(chainFile, t);
            assertFalse(read().intact(), () -> "flipping byte " + i + " went unnoticed");
        }
    }

    @Test
    void truncationIsVisibleThroughTheNewestSignatureNoLongerBeingInTheChain() throws IOException {
        List<String> l = lines();
        write(l.subList(0, 4)); // edge v1, v2 with their checkpoints: v3 and core are gone
        AuditChain chain = read();
        assertTrue(chain.intact());
        AclVerification r = verify(contents.get(2), signatures.get(2), chain);
        assertEquals(AclVerdict.ROLLBACK, r.verdict());
        assertTrue(r.message().contains("not recorded"), r.message());
        // A cut in the middle of a line is a broken chain.
        byte[] bytes = Files.readAllBytes(chainFile);
        Files.write(chainFile, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertFalse(read().intact());
    }
}
