package io.gmgw.acl.sign;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.cms.CmsSigner;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import io.gmgw.crypto.pki.KeyUsage;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs ACL files with a key handle (a file key today, a PKCS#11 token key alike): a detached CMS SignedData over the
 * exact bytes (SM3, SM3withSM2, default user ID, signed content type, message digest, signing time and the
 * {@link AclManifest}), and a raw SM2 signature over the same bytes for OpenSSL-only auditors.
 */
public final class AclSigner {
    private static final Logger LOG = LoggerFactory.getLogger("acl");

    private final CryptoModule module;
    private final KeyHandle key;
    private final List<Sm2Certificate> chain;

    /**
     * A signer for {@code key}, refused ({@link AclVerificationException}, verdict {@link AclVerdict#CERTIFICATE})
     * before anything is signed when its certificate does not belong to the key, may not sign (keyUsage without
     * digitalSignature or nonRepudiation: the encryption certificate of a pair), is restricted by its
     * extendedKeyUsage to other purposes than ACL signing, or is not valid now: its signatures would never verify.
     *
     * @param chain the signer's certificate first, then its issuers (all are included in the CMS)
     */
    public AclSigner(CryptoModule module, KeyHandle key, List<Sm2Certificate> chain) {
        this.module = Objects.requireNonNull(module, "module");
        this.key = Objects.requireNonNull(key, "key");
        this.chain = List.copyOf(chain);
        if (this.chain.isEmpty()) {
            throw new IllegalArgumentException("signing an ACL needs the signer's certificate");
        }
        refuseUnfit(this.chain.get(0), key, module.clock().instant());
    }

    private static void refuseUnfit(Sm2Certificate c, KeyHandle key, Instant now) {
        String problem = null;
        if (!c.publicKey().equals(key.publicKey())) {
            problem = "is not the certificate of the key " + key.description() + " (their public keys differ)";
        } else if (!c.isSigningCertificate()) {
            problem = "may not sign: its " + (c.hasKeyUsageExtension() ? "keyUsage is " + KeyUsage.describe(
                    c.keyUsage()) : "keyUsage extension is missing") + ", and an ACL signature needs digitalSignature "
                    + "or nonRepudiation (RFC 5280 §4.2.1.3). Is it the encryption certificate of a pair? Sign with "
                    + "the signing key and its chain (sign.key.pem, sign.chain.pem)";
        } else if (!c.permitsExtendedKeyUsage(ExtendedKeyUsages.ACL_SIGNING)) {
            problem = "is restricted by its extendedKeyUsage to " + ExtendedKeyUsages.describe(c.extendedKeyUsages())
                    + " (RFC 5280 §4.2.1.12), not ACL signing; use a certificate issued with gmgw pki issue "
                    + "--acl-signer";
        } else if (!c.isValidAt(now)) {
            problem = "is not valid now (" + now + "; valid " + c.notBefore() + " to " + c.notAfter()
                    + "); renew it or check the clock";
        }
        if (problem != null) {
            throw new AclVerificationException(AclVerdict.CERTIFICATE, "the signer's certificate " + c + " "
                    + problem + "; nothing was signed or written");
        }
    }

    /** Whether the signer's certificate names gmgw's ACL-signing purpose, as the gateway's guard asks by default. */
    public boolean hasAclSigningPurpose() {
        return chain.get(0).extendedKeyUsages().contains(ExtendedKeyUsages.ACL_SIGNING);
    }

    /**
     * Signs {@code content} (already read as {@code document}) as version {@code version} of ACL {@code name};
     * {@code previousRecord} is the SM3 of the audit chain's last record, or empty when not chained.
     */
    public SignedAcl sign(byte[] content, AclDocument document, String name, long version, byte[] previousRecord) {
        byte[] sm3 = module.sm3().hash(content);
        AclManifest manifest = AclManifest.of(document, module.sm3().hash(document.canonical()), content.length, name,
                version, previousRecord);
        Instant now = module.clock().instant();
        byte[] cms = new CmsSigner(module, key, chain).signingTime(now)
                .signedAttribute(AclManifest.OID, manifest.toAsn1()).signDigest(sm3);
        byte[] raw = key.sign(content, Sm2.defaultUserId());
        StringBuilder pem = new StringBuilder();
        chain.forEach(c -> pem.append(c.toPem()));
        LOG.info("signed ACL {} version {} ({}, {} rules, {} bytes) with {}", name, version, document.format().id(),
                document.ruleCount(), content.length, key.description());
        return new SignedAcl(cms, raw, pem.toString(), manifest, sm3);
    }
}
