package io.gmgw.acl.sign;

import static io.gmgw.acl.sign.SigningFixture.PKI;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclSamples;
import io.gmgw.files.DurableFiles;
import io.gmgw.crypto.key.SoftwareKeyHandle;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signer whose certificate cannot make a valid ACL signature is refused before anything is signed, and a new
 * signature never destroys the one it replaces: that one is kept as FILE.p7s.N (and .sig.N, .signer.pem.N).
 */
class SignatureFilesTest {
    private static final byte[] ACL = AclSamples.iptables(20, 8);

    @TempDir
    Path dir;

    @Test
    void aCertificateThatCannotMakeAValidAclSignatureIsRefusedUpFront() {
        AclVerificationException enc = assertThrows(AclVerificationException.class,
                () -> new AclSigner(SigningFixture.DURING, PKI.encryption.key(), PKI.encryption.chain()));
        assertEquals(AclVerdict.CERTIFICATE, enc.verdict());
        assertTrue(enc.getMessage().contains("keyUsage is keyEncipherment, dataEncipherment, keyAgreement")
                && enc.getMessage().contains("nothing was signed or written"), enc.getMessage());
        AclVerificationException expired = assertThrows(AclVerificationException.class,
                () -> new AclSigner(SigningFixture.DURING, PKI.expired.key(), PKI.expired.chain()));
        assertTrue(expired.getMessage().contains("is not valid now"), expired.getMessage());
        AclVerificationException other = assertThrows(AclVerificationException.class,
                () -> new AclSigner(SigningFixture.DURING, PKI.plain.key(), PKI.signer.chain()));
        assertTrue(other.getMessage().contains("public keys differ"), other.getMessage());
        // A signing certificate without the ACL-signing purpose may sign; the guard decides whether it counts.
        assertFalse(new AclSigner(SigningFixture.DURING, PKI.plain.key(), PKI.plain.chain()).hasAclSigningPurpose());
        assertTrue(new AclSigner(SigningFixture.DURING, PKI.signer.key(), PKI.signer.chain()).hasAclSigningPurpose());
    }

    @Test
    void aNewSignatureKeepsTheOneItReplacesUnderTheNextNumber() throws IOException {
        Path file = Files.write(dir.resolve("edge.rules"), ACL);
        SignedAcl first = SigningFixture.sign(ACL);
        assertEquals(Optional.empty(), first.writeBeside(file));
        assertEquals(Optional.empty(), first.writeBeside(file), "the same signature again: nothing to keep");
        SignedAcl second = SigningFixture.sign(ACL);
        assertEquals(Optional.of(1), second.writeBeside(file));
        SignedAcl third = SigningFixture.sign(PKI.plain, ACL, "edge", 2, new byte[0]);
        assertEquals(Optional.of(2), third.writeBeside(file));
        List<SignedAcl.Kept> kept = SignedAcl.kept(file);
        assertEquals(List.of(1, 2), kept.stream().map(SignedAcl.Kept::number).toList());
        assertArrayEquals(first.cms(), Files.readAllBytes(kept.get(0).cms()));
        assertArrayEquals(first.rawSignature(), Files.readAllBytes(kept.get(0).rawSignature()));
        assertArrayEquals(second.cms(), Files.readAllBytes(kept.get(1).cms()));
        assertArrayEquals(third.cms(), Files.readAllBytes(SignedAcl.cmsFile(file)));
        // Each kept signature still verifies the content it signed.
        assertTrue(SigningFixture.verify(ACL, Files.readAllBytes(kept.get(0).cms())).valid());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void signatureFilesAreToldFromAclsAndNeverOverwrittenWhenKept() throws IOException {
        for (String name : List.of("edge.nft.p7s", "edge.nft.sig", "edge.nft.signer.pem", "edge.nft.p7s.1",
                "edge.nft.sig.12", "edge.nft.signer.pem.3")) {
            assertTrue(SignedAcl.isSignatureFile(name), name);
        }
        for (String name : List.of("edge.nft", "edge.p7s.conf", "edge.nft.p7s.0", "edge.nft.p7s.x", "rules.sig.bak")) {
            assertFalse(SignedAcl.isSignatureFile(name), name);
        }
        Path kept = Files.writeString(dir.resolve("x.p7s.1"), "old");
        assertThrows(FileAlreadyExistsException.class, () -> DurableFiles.createNew(kept, new byte[] {1}, false));
        assertEquals("old", Files.readString(kept));
        Path fresh = dir.resolve("x.p7s.2");
        DurableFiles.createNew(fresh, new byte[] {1, 2}, false);
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(fresh));
        assertEquals(SoftwareKeyHandle.class, PKI.signer.key().getClass());
    }
}
