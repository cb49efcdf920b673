package io.gmgw.crypto.cms;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.GmCryptoException;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * Makes a detached CMS SignedData (RFC 5652 §5) over content with an SM2 key handle: digest SM3, signature SM3withSM2
 * with the default SM2 user ID ({@code 1234567812345678}, GM/T 0009), signed attributes content type, message digest,
 * signing time and any extra attributes, the signer's certificate (and its chain) included, the signer identified by
 * issuer and serial number. The structure is written with Bouncy Castle's ASN.1 classes so that every field is the one
 * named here; the signature comes from the key handle, so a token key signs the same way as a file key.
 *
 * <p>One signer per structure, which is what ACL signing and configuration signing need. Not thread-safe (a builder).
 */
public final class CmsSigner {
    private final CryptoModule module;
    private final KeyHandle key;
    private final List<Sm2Certificate> certificates;
    private final Map<ASN1ObjectIdentifier, ASN1Encodable> extraAttributes = new LinkedHashMap<>();
    private Instant signingTime;

    /**
     * @param certificates the signer's certificate first (its key must be the handle's), then any issuers to include
     */
    public CmsSigner(CryptoModule module, KeyHandle key, List<Sm2Certificate> certificates) {
        this.module = Objects.requireNonNull(module, "module");
        this.key = Objects.requireNonNull(key, "key");
        this.certificates = List.copyOf(certificates);
        if (this.certificates.isEmpty()) {
            throw new IllegalArgumentException("a CMS signer needs the signer's certificate");
        }
        if (!this.certificates.get(0).publicKey().equals(key.publicKey())) {
            throw new GmCryptoException("the certificate " + this.certificates.get(0) + " does not belong to the key "
                    + key.description() + " (their public keys differ)");
        }
    }

    /** The signing-time attribute; the module's clock when not set. */
    public CmsSigner signingTime(Instant time) {
        this.signingTime = Objects.requireNonNull(time, "time");
        return this;
    }

    /** An extra signed attribute with a single value (replaces one of the same type). */
    public CmsSigner signedAttribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (type.equals(CMSAttributes.contentType) || type.equals(CMSAttributes.messageDigest)
                || type.equals(CMSAttributes.signingTime)) {
            throw new IllegalArgumentException(type + " is set by the signer itself");
        }
        extraAttributes.put(type, value);
        return this;
    }

    /** The DER ContentInfo of a detached SignedData over {@code content}. */
    public byte[] signDetached(byte[] content) {
        return signDigest(module.sm3().hash(content));
    }

    /** The same for content whose SM3 digest the caller has computed already (large files, streamed). */
    public byte[] signDigest(byte[] sm3OfContent) {
        if (sm3OfContent.length != 32) {
            throw new IllegalArgumentException("an SM3 digest has 32 bytes, not " + sm3OfContent.length);
        }
        Instant time = signingTime != null ? signingTime : module.clock().instant();
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new Attribute(CMSAttributes.contentType, new DERSet(CmsOids.DATA)));
        attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(time)))));
        attributes.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(sm3OfContent))));
        extraAttributes.forEach((type, value) -> attributes.add(new Attribute(type, new DERSet(value))));
        DERSet signedAttributes = new DERSet(attributes); // DER: sorted, as RFC 5652 §5.4 signs it
        byte[] signature = key.sign(der(signedAttributes), Sm2.defaultUserId());

        Certificate signer = Certificate.getInstance(certificates.get(0).encoded());
        AlgorithmIdentifier sm3 = new AlgorithmIdentifier(CmsOids.SM3);
        SignerInfo info = new SignerInfo(
                new SignerIdentifier(new IssuerAndSerialNumber(signer.getIssuer(), signer.getSerialNumber().getValue())),
                sm3, signedAttributes, new AlgorithmIdentifier(CmsOids.SM3_WITH_SM2), new DEROctetString(signature),
                null);
        List<ASN1Encodable> certs = new ArrayList<>();
        for (Sm2Certificate c : certificates) {
            certs.add(Certificate.getInstance(c.encoded()));
        }
        SignedData signedData = new SignedData(new DERSet(sm3),
                new ContentInfo(CmsOids.DATA, null), // detached: eContent absent (RFC 5652 §5.2)
                new DERSet(certs.toArray(ASN1Encodable[]::new)), null, new DERSet(info));
        return der(new ContentInfo(CmsOids.SIGNED_DATA, signedData));
    }

    static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
