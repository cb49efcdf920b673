package io.gmgw.acl.sign;

import static io.gmgw.acl.sign.SigningFixture.PKI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclSamples;
import io.gmgw.acl.AclTestPki;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signer policy and the gateway's guard: a certificate that merely chains to an anchor and may sign (a VPN
 * user's) is refused, one issued for ACL signing or on the allow-list is taken, and the guard refuses to load without
 * a policy, without CRLs, with a CRL missing for a CA of the path, or with one past its next update.
 */
class AclSignerPolicyTest {
    private static final byte[] ACL = AclSamples.iptables(40, 3);

    @TempDir
    Path dir;

    private Path signed(AclTestPki.Signer signer) throws IOException {
        Path file = Files.write(dir.resolve(signer.name() + ".rules"), ACL);
        SigningFixture.sign(signer, ACL, "edge", 1, new byte[0]).writeBeside(file);
        return file;
    }

    @Test
    void theGuardLoadsOnlyWhatAnAclSignerSigned() throws IOException {
        VerifiedAcl ok = PKI.guard(SigningFixture.DURING).build().load(signed(PKI.signer));
        assertEquals(true, ok.report().signerPolicy().allowed());
        assertTrue(ok.report().signerPolicy().result().contains("extendedKeyUsage gmgwAclSigning"),
                ok.report().signerPolicy().result());
        // A VPN user's signing certificate chains to the same root and may sign: not an ACL signer.
        Path plain = signed(PKI.plain);
        AclVerificationException e = assertThrows(AclVerificationException.class,
                () -> PKI.guard(SigningFixture.DURING).build().load(plain));
        assertEquals(AclVerdict.CERTIFICATE, e.verdict());
        assertTrue(e.getMessage().contains("no extendedKeyUsage extension, but this use needs gmgwAclSigning"),
                e.getMessage());
        // Allowed by name: its certificate's SM3 print, or its subject.
        String print = PKI.plain.chain().get(0).fingerprintSm3(SigningFixture.DURING);
        VerifiedAcl byPrint = PKI.guard(SigningFixture.DURING).signerPolicy(AclSignerPolicy.builder()
                .allowCertificate(print.toUpperCase()).build()).build().load(plain);
        assertEquals("certificate SM3 " + print + " on the allow-list", byPrint.report().signerPolicy().result());
        assertTrue(PKI.guard(SigningFixture.DURING).signerPolicy(AclSignerPolicy.builder().allowSubject(
                DistinguishedNames.parse("CN=ACL plain, O=gmgw, C=CN")).build()).build().load(plain).report().valid());
        // Both kinds of rule: both must hold.
        AclSignerPolicy both = AclSignerPolicy.builder().extendedKeyUsage(ExtendedKeyUsages.ACL_SIGNING)
                .allowCertificate(print).build();
        Path good = signed(PKI.signer);
        AclVerificationException notListed = assertThrows(AclVerificationException.class,
                () -> PKI.guard(SigningFixture.DURING).signerPolicy(both).build().load(good));
        assertTrue(notListed.getMessage().contains("is not on the allow-list of 1 certificate(s) by SM3"),
                notListed.getMessage());
    }

    @Test
    void verifyReportsThePolicyAndWhichRuleMatched() {
        byte[] cms = SigningFixture.sign(PKI.plain, ACL, "edge", 1, new byte[0]).cms();
        AclVerification none = SigningFixture.verify(ACL, cms);
        assertEquals(AclVerdict.VALID, none.verdict(), none.message());
        assertNull(none.signerPolicy().policy());
        assertTrue(String.join("\n", none.lines()).contains("signer policy:       none given"));
        AclVerification refused = SigningFixture.verifier(SigningFixture.DURING)
                .signerPolicy(AclSignerPolicy.aclSigningExtendedKeyUsage()).build()
                .verify("edge", ACL, "edge.p7s", cms);
        assertEquals(AclVerdict.CERTIFICATE, refused.verdict());
        assertFalse(refused.signerPolicy().allowed());
        assertEquals("WRONG_KEY_USAGE", refused.chain().failure());
        assertTrue(String.join("\n", refused.lines()).contains("signer policy:       extendedKeyUsage gmgwAclSigning "
                + "(2.25.101809710155271022504057816188064354060): REFUSED (the signer's certificate does not name"),
                () -> String.join("\n", refused.lines()));
        AclVerification bySubject = SigningFixture.verifier(SigningFixture.DURING).signerPolicy(AclSignerPolicy
                .builder().allowSubject(DistinguishedNames.parse("CN=ACL other, O=gmgw, C=CN")).build()).build()
                .verify("edge", ACL, "edge.p7s", cms);
        assertEquals(AclVerdict.CERTIFICATE, bySubject.verdict());
        assertTrue(bySubject.message().contains("signer policy") && bySubject.message().contains("allow-list"),
                bySubject.message());
        assertTrue(String.join("\n", bySubject.lines()).contains("signer key usage:    digitalSignature, "
                + "nonRepudiation; extended: (none)"));
    }

    @Test
    void theGuardNeedsAPolicyAndCurrentCrlsForEveryCaOfThePath() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> PKI.guard(SigningFixture.DURING).signerPolicy(null).build());
        IllegalArgumentException noCrl = assertThrows(IllegalArgumentException.class,
                () -> PKI.guard(SigningFixture.DURING).crls(List.of()).build());
        assertTrue(noCrl.getMessage().contains("CRL"), noCrl.getMessage());
        assertThrows(IllegalStateException.class, () -> AclSignerPolicy.builder().build());
        Path file = signed(PKI.signer);
        // The root's CRL missing: the issuing CA's certificate cannot be checked.
        AclVerificationException missing = assertThrows(AclVerificationException.class,
                () -> PKI.guard(SigningFixture.DURING).crls(List.of(PKI.crl)).build().load(file));
        assertEquals(AclVerdict.CERTIFICATE, missing.verdict());
        assertTrue(missing.getMessage().contains("CRL_MISSING"), missing.getMessage());
        // The issuing CA's CRL past its next update (issued at ISSUED_AT, due after 10 days, checked 30 days on).
        AclVerificationException stale = assertThrows(AclVerificationException.class, () -> PKI.guard(
                SigningFixture.DURING).crls(List.of(PKI.caCrl(Duration.ofDays(10)), PKI.rootCrl)).build().load(file));
        assertEquals(AclVerdict.CERTIFICATE, stale.verdict());
        assertTrue(stale.getMessage().contains("CRL_EXPIRED") && stale.getMessage().contains("fetch the CA's current "
                + "CRL"), stale.getMessage());
        // Revoked.
        AclVerificationException revoked = assertThrows(AclVerificationException.class,
                () -> PKI.guard(SigningFixture.DURING).build().load(signed(PKI.revoked)));
        assertTrue(revoked.getMessage().contains("REVOKED"), revoked.getMessage());
    }
}
