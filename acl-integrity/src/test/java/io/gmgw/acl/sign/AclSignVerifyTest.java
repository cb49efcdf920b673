package io.gmgw.acl.sign;

import static io.gmgw.acl.sign.SigningFixture.PKI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclSamples;
import io.gmgw.acl.AclTestPki;
import io.gmgw.acl.format.AclDocument;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.cms.CmsSignedData;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.sm2.Sm2;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sign and verify for every format with real-looking rulesets, with a key opened from a PEM file through the key
 * provider SPI; the exact-bytes and canonical rules; expired, revoked and wrong-CA signers.
 */
class AclSignVerifyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"iptables-save", "nftables", "nftables-json", "cisco-ios", "huawei-vrp"})
    void roundTripWithAFileKeyForEveryFormat(String format) throws IOException {
        Path keys = PKI.writeTo(dir.resolve("pki"));
        CryptoModule module = SigningFixture.DURING;
        try (KeyHandle key = KeyProviders.load(module).open(keys.resolve("signer.key.pem").toString(),
                KeyOptions.none().withCertificateChain(keys.resolve("signer.chain.pem")))) {
            byte[] acl = AclSamples.of(format, 500);
            AclDocument doc = AclDocument.parse(acl);
            SignedAcl signed = new AclSigner(module, key, key.certificateChain()).sign(acl, doc, "edge", 7,
                    new byte[0]);
            Path file = Files.write(dir.resolve("edge.acl"), acl);
            signed.writeBeside(file);
            AclVerification r = PKI.guard(module).build().load(file)
                    .report();
            assertEquals(AclVerdict.VALID, r.verdict(), r.message());
            assertEquals(format, r.format());
            assertEquals(500, r.ruleCount());
            assertEquals(acl.length, r.size());
            assertEquals(HexFormat.of().formatHex(module.sm3().hash(acl)), r.sm3());
            assertEquals(r.sm3(), r.signature().signedSm3());
            assertEquals(r.canonicalSm3(), r.signature().manifest().canonicalSm3());
            assertEquals(7, r.signature().manifest().aclVersion());
            assertEquals("gmgw-acl-c14n-2", r.signature().manifest().canonicalization());
            assertEquals("C=CN,O=gmgw,CN=ACL signer", r.signer().subject());
            assertEquals(PKI.signer.chain().get(0).serialHex(), r.signer().serial());
            assertEquals(3, r.chain().path().size());
            assertTrue(r.signature().signatureAlgorithm().startsWith("1.2.156.10197.1.501"));
            assertTrue(r.signature().digestAlgorithm().startsWith("1.2.156.10197.1.401"));
            assertEquals(AclDocument.class, doc.getClass());
            // The raw sidecar is an SM2 signature over the exact bytes with the default ID.
            assertTrue(module.sm2().verify(key.publicKey(), acl, Files.readAllBytes(SignedAcl.rawSignatureFile(file)),
                    Sm2.defaultUserId()));
            assertTrue(Files.readString(SignedAcl.signerFile(file)).startsWith("-----BEGIN CERTIFICATE-----"));
            assertTrue(String.join("\n", r.lines()).contains("result:              VALID"));
        }
    }

    @Test
    void whitespaceOnlyChangesFailByDefaultAndPassWithCanonicalWhileRuleChangesFailBoth() {
        byte[] acl = AclSamples.iptables(300, 9);
        byte[] cms = SigningFixture.sign(acl).cms();
        String text = new String(acl, StandardCharsets.UTF_8);
        byte[] tabs = text.replace(" -j ", "\t-j ").getBytes(StandardCharsets.UTF_8);
        byte[] spaces = text.replace(" -j ", "   -j ").replace("COMMIT\n", "COMMIT\n\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] newTimestamp = text.replace("10:00:00", "23:59:59").getBytes(StandardCharsets.UTF_8);
        for (byte[] harmless : List.of(tabs, spaces, newTimestamp)) {
            AclVerification exact = SigningFixture.verify(harmless, cms);
            assertEquals(AclVerdict.SIGNATURE_INVALID, exact.verdict());
            assertFalse(exact.content().exactMatch());
            assertTrue(exact.content().canonicalMatch());
            assertTrue(exact.message().contains("canonical form still matches"), exact.message());
            AclVerification canonical = SigningFixture.verifier(SigningFixture.DURING).acceptCanonical(true).build()
                    .verify("edge", harmless, "edge.p7s", cms);
            assertEquals(AclVerdict.VALID, canonical.verdict(), canonical.message());
        }
        byte[] ruleChanged = text.replaceFirst("-j ACCEPT", "-j DROP").getBytes(StandardCharsets.UTF_8);
        byte[] quotedSpace = text.replaceFirst("vpn group", "vpn  group").getBytes(StandardCharsets.UTF_8);
        for (byte[] harmful : List.of(ruleChanged, quotedSpace)) {
            AclVerification canonical = SigningFixture.verifier(SigningFixture.DURING).acceptCanonical(true).build()
                    .verify("edge", harmful, "edge.p7s", cms);
            assertEquals(AclVerdict.SIGNATURE_INVALID, canonical.verdict());
            assertFalse(canonical.content().canonicalMatch());
        }
        // CR LF: iptables-restore refuses such a file, so it has no canonical form to match.
        AclVerification crlf = SigningFixture.verifier(SigningFixture.DURING).acceptCanonical(true).build()
                .verify("edge", text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), "edge.p7s", cms);
        assertEquals(AclVerdict.SIGNATURE_INVALID, crlf.verdict());
        assertNull(crlf.content().canonicalMatch());
        assertTrue(crlf.message().contains("no canonical form: line 1 contains a carriage return"), crlf.message());
        assertTrue(String.join("\n", crlf.lines()).contains("content (canonical): (not determined: line 1"));
    }

    @Test
    void theManifestsCanonicalisationIsComparedAndAnUnknownOneRefused() {
        byte[] signed = "*filter\n:INPUT ACCEPT [0:0]\n# note\n-A INPUT -s 203.0.113.9 -j DROP\nCOMMIT\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] blanks = "*filter\n:INPUT ACCEPT [0:0]\n# note\n-A INPUT  -s 203.0.113.9 -j DROP\nCOMMIT\n"
                .getBytes(StandardCharsets.UTF_8);
        AclVerifier canonical = SigningFixture.verifier(SigningFixture.DURING).acceptCanonical(true).build();
        // Today's rules: compared.
        assertEquals(AclVerdict.VALID, canonical.verify("edge", blanks, "edge.p7s",
                SigningFixture.signUnder("gmgw-acl-c14n-2", signed)).verdict());
        // A future gmgw's rules: refused, naming them, the known ones and what to do; even for the exact bytes.
        byte[] future = SigningFixture.signUnder("gmgw-acl-c14n-9", signed);
        for (byte[] content : List.of(signed, blanks)) {
            AclVerification r = canonical.verify("edge", content, "edge.p7s", future);
            assertEquals(AclVerdict.MALFORMED, r.verdict(), r.message());
            assertTrue(r.message().contains("'gmgw-acl-c14n-9', which this gmgw does not know (it knows "
                    + "gmgw-acl-c14n-2, gmgw-acl-c14n-1 (exact bytes only))") && r.message().contains("re-sign"),
                    r.message());
        }
        // The retired rules of older signatures: the exact bytes still verify, a canonical-only match no longer does,
        // and the report says why and what to do.
        byte[] old = SigningFixture.signUnder("gmgw-acl-c14n-1", signed);
        AclVerification exact = canonical.verify("edge", signed, "edge.p7s", old);
        assertEquals(AclVerdict.VALID, exact.verdict(), exact.message());
        assertNull(exact.content().canonicalMatch());
        assertTrue(exact.content().note().contains("no longer compares"), exact.content().note());
        AclVerification changed = canonical.verify("edge", blanks, "edge.p7s", old);
        assertEquals(AclVerdict.SIGNATURE_INVALID, changed.verdict());
        assertTrue(changed.message().contains("signed under gmgw-acl-c14n-1, which this gmgw no longer compares")
                && changed.message().contains("Re-sign the file"), changed.message());
    }

    @Test
    void expiredRevokedAndWrongCaSignersAreCertificateProblems() {
        byte[] acl = AclSamples.nftables(200, 3);
        // Expired: valid one day from ISSUED_AT, signed then, verified 30 days later.
        AclVerification expired = SigningFixture.verify(acl, new AclSigner(PKI.module, PKI.expired.key(),
                PKI.expired.chain()).sign(acl, AclDocument.parse(acl), "edge", 1, new byte[0]).cms());
        assertEquals(AclVerdict.CERTIFICATE, expired.verdict());
        assertEquals("EXPIRED", expired.chain().failure());
        AclVerification revoked = SigningFixture.verifier(SigningFixture.DURING).crls(List.of(PKI.crl)).build()
                .verify("edge", acl, "edge.p7s", SigningFixture.sign(PKI.revoked, acl, "edge", 1, new byte[0]).cms());
        assertEquals(AclVerdict.CERTIFICATE, revoked.verdict());
        assertEquals("REVOKED", revoked.chain().failure());
        AclVerification stranger = SigningFixture.verify(acl,
                SigningFixture.sign(PKI.stranger, acl, "edge", 1, new byte[0]).cms());
        assertEquals(AclVerdict.CERTIFICATE, stranger.verdict());
        assertEquals("UNKNOWN_CA", stranger.chain().failure());
        // The same good signature, checked after the signer's certificate ran out.
        byte[] good = SigningFixture.sign(acl).cms();
        CryptoModule later = SigningFixture.at(AclTestPki.ISSUED_AT.plus(Duration.ofDays(400)));
        AclVerification late = SigningFixture.verifier(later).build().verify("edge", acl, "edge.p7s", good);
        assertEquals(AclVerdict.CERTIFICATE, late.verdict());
        assertEquals(AclVerdict.VALID, SigningFixture.verify(acl, good).verdict());
    }

    @Test
    void aSignatureFileThatIsNotCmsIsMalformedAndAnUnsignedFileIsRefusedByTheGuard() throws IOException {
        byte[] acl = AclSamples.ciscoIos(50, 1);
        AclVerification r = SigningFixture.verify(acl, "not a signature".getBytes(StandardCharsets.US_ASCII));
        assertEquals(AclVerdict.MALFORMED, r.verdict());
        assertNull(r.signer());
        assertEquals(50, r.ruleCount());
        Path file = Files.write(dir.resolve("unsigned.cfg"), acl);
        AclVerificationException e = assertThrows(AclVerificationException.class,
                () -> PKI.guard(SigningFixture.DURING).build().load(file));
        assertEquals(AclVerdict.SIGNATURE_INVALID, e.verdict());
        assertTrue(e.getMessage().contains("not signed"), e.getMessage());
    }

    @Test
    void theManifestIsASignedAttributeUnderTheUuidOid() {
        byte[] acl = AclSamples.huaweiVrp(120, 2);
        CmsSignedData cms = CmsSignedData.parse(SigningFixture.sign(acl).cms());
        AclManifest m = AclManifest.of(cms).orElseThrow();
        assertEquals("2.25.140987961456425007846506600607215253107", AclManifest.OID.getId());
        assertEquals("huawei-vrp", m.format().id());
        assertEquals(120, m.ruleCount());
        assertEquals(acl.length, m.contentLength());
        assertFalse(m.chained());
        assertTrue(cms.signatureValid(SigningFixture.DURING));
    }
}
