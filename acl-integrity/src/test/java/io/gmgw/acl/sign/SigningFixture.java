package io.gmgw.acl.sign;

import io.gmgw.acl.AclTestPki;
import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.log.AuditChain;
import io.gmgw.crypto.CryptoModule;
import java.time.Instant;
import java.util.List;

/** Signing and verifying with {@link AclTestPki} at chosen instants. */
final class SigningFixture {
    static final AclTestPki PKI = new AclTestPki("acl-signing");
    static final CryptoModule DURING = AclTestPki.module("acl-signing-during", AclTestPki.DURING);

    private SigningFixture() {
    }

    static SignedAcl sign(AclTestPki.Signer signer, byte[] content, String name, long version, byte[] prev) {
        return new AclSigner(DURING, signer.key(), signer.chain()).sign(content, AclDocument.parse(content), name,
                version, prev);
    }

    /**
     * A signature as {@code gmgw acl sign} makes it, but whose manifest names canonicalisation {@code rules} (an
     * older or a future gmgw's), with the SM3 of today's canonical form as its digest.
     */
    static byte[] signUnder(String rules, byte[] content) {
        AclDocument doc = AclDocument.parse(content);
        AclManifest m = new AclManifest(doc.format(), rules, DURING.sm3().hash(doc.canonical()), doc.ruleCount(),
                content.length, "edge", 1, new byte[0]);
        return new io.gmgw.crypto.cms.CmsSigner(DURING, PKI.signer.key(), PKI.signer.chain())
                .signingTime(DURING.clock().instant()).signedAttribute(AclManifest.OID, m.toAsn1())
                .signDigest(DURING.sm3().hash(content));
    }

    static SignedAcl sign(byte[] content) {
        return sign(PKI.signer, content, "edge", 1, new byte[0]);
    }

    static AclVerifier.Builder verifier(CryptoModule module) {
        return AclVerifier.builder(module).trustAnchors(List.of(PKI.root));
    }

    static AclVerification verify(byte[] content, byte[] cms) {
        return verifier(DURING).build().verify("edge.rules", content, "edge.rules.p7s", cms);
    }

    static AclVerification verify(byte[] content, byte[] cms, AuditChain chain) {
        return verifier(DURING).auditChain(chain).build().verify("edge.rules", content, "edge.rules.p7s", cms);
    }

    static CryptoModule at(Instant now) {
        return AclTestPki.module("acl-signing-at", now);
    }
}
