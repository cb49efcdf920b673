package io.gmgw.crypto.cms;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
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
 * A parsed CMS SignedData with one SM2 signer, as {@link CmsSigner} writes it or as GM/T 0010 tools do (outer type
 * 1.2.156.10197.6.1.4.2.2, encapsulated type .6.1.4.2.1, signature algorithm sm2-1 .301.1 are all accepted). Checking
 * is split in two, so a caller can tell "the signature is authentic" from "the content is the signed content":
 * {@link #signatureValid} verifies the SM2 signature over the signed attributes with the signer certificate's key and
 * the default user ID (GM/T 0009: Z is computed with {@code 1234567812345678}); {@link #digestMatches} compares the
 * message-digest attribute with the SM3 of the content, in constant time.
 *
 * <p>Only signed attributes are supported (RFC 5652 allows a signature directly over the content, but SM2 CMS tools
 * all sign attributes and an attribute-less signature cannot carry a signing time). Immutable.
 */
public final class CmsSignedData {
    /** A bound on what is parsed: a detached ACL signature with a short chain is a few kilobytes. */
    public static final int MAX_LENGTH = 1 << 20;

    private final byte[] encoded;
    private final ASN1ObjectIdentifier contentType;
    private final ASN1ObjectIdentifier encapsulatedContentType;
    private final List<Sm2Certificate> certificates;
    private final AlgorithmIdentifier digestAlgorithm;
    private final AlgorithmIdentifier signatureAlgorithm;
    private final byte[] signedAttributesDer;
    private final AttributeTable signedAttributes;
    private final byte[] signature;
    private final byte[] messageDigest;
    private final Instant signingTime;
    private final Sm2Certificate signer;

    private CmsSignedData(byte[] der) {
        if (der.length > MAX_LENGTH) {
            throw new MalformedEncodingException("a CMS signature of " + der.length + " bytes is larger than the "
                    + MAX_LENGTH + " gmgw reads");
        }
        this.encoded = der.clone();
        ContentInfo info;
        SignedData sd;
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(der);
            // Strict DER: a single altered byte anywhere must not leave an equivalent structure that still verifies.
            if (!Arrays.equals(p.getEncoded("DER"), der)) {
                throw new MalformedEncodingException("the CMS structure is not DER (or has trailing bytes)");
            }
            info = ContentInfo.getInstance(p);
            contentType = info.getContentType();
            if (!CmsOids.SIGNED_DATA_TYPES.contains(contentType)) {
                throw new MalformedEncodingException("the CMS content type is " + contentType
                        + ", not signedData (1.2.840.113549.1.7.2 or GM/T 0010 1.2.156.10197.6.1.4.2.2)");
            }
            sd = SignedData.getInstance(info.getContent());
            int version = sd.getVersion().intValueExact();
            boolean gmData = CmsOids.GM_DATA.equals(sd.getEncapContentInfo().getContentType());
            if (version != 1 && !(gmData && version == 3)) {
                throw new MalformedEncodingException("SignedData version " + version + "; a signature by issuer and "
                        + "serial number over id-data is version 1 (RFC 5652 §5.1; 3 for GM/T 0010 data)");
            }
            if (sd.getDigestAlgorithms().size() != 1 || !sm3Only(sd.getDigestAlgorithms().getObjectAt(0))) {
                throw new MalformedEncodingException("the SignedData's digest algorithms are not exactly SM3 "
                        + "(1.2.156.10197.1.401)");
            }
            if (sd.getCRLs() != null) {
                throw new MalformedEncodingException("the SignedData carries CRLs; gmgw takes CRLs from the verifier's "
                        + "configuration (--crl), not from the signature");
            }
        } catch (MalformedEncodingException e) {
            throw e;
        } catch (Exception e) {
            throw MalformedEncodingException.of("not a DER CMS SignedData", e);
        }
        encapsulatedContentType = sd.getEncapContentInfo().getContentType();
        if (!CmsOids.DATA_TYPES.contains(encapsulatedContentType)) {
            throw new MalformedEncodingException("the signed content type is " + encapsulatedContentType
                    + ", not data (1.2.840.113549.1.7.1 or GM/T 0010 1.2.156.10197.6.1.4.2.1)");
        }
        if (sd.getEncapContentInfo().getContent() != null) {
            throw new MalformedEncodingException("the SignedData carries its content; gmgw expects a detached "
                    + "signature (eContent absent) beside the signed file");
        }
        certificates = new ArrayList<>();
        if (sd.getCertificates() != null) {
            for (ASN1Encodable c : sd.getCertificates()) {
                try {
                    certificates.add(Sm2Certificate.fromDer(c.toASN1Primitive().getEncoded("DER")));
                } catch (java.io.IOException e) {
                    throw new MalformedEncodingException("a certificate in the SignedData cannot be encoded", e);
                }
            }
        }
        ASN1Set infos = sd.getSignerInfos();
        if (infos.size() != 1) {
            throw new MalformedEncodingException("the SignedData has " + infos.size() + " signers; gmgw expects one");
        }
        SignerInfo si;
        try {
            si = SignerInfo.getInstance(infos.getObjectAt(0));
        } catch (IllegalArgumentException e) {
            throw MalformedEncodingException.of("malformed SignerInfo", e);
        }
        // Rebuilt from its interpreted fields, the SignerInfo must encode as read: a changed tag (say [0] signed
        // attributes read as if they were [1]) must not be silently reinterpreted.
        SignerInfo rebuilt = new SignerInfo(si.getSID(), si.getDigestAlgorithm(), si.getAuthenticatedAttributes(),
                si.getDigestEncryptionAlgorithm(), si.getEncryptedDigest(), si.getUnauthenticatedAttributes());
        if (!Arrays.equals(CmsSigner.der(rebuilt), CmsSigner.der(infos.getObjectAt(0)))) {
            throw new MalformedEncodingException("the SignerInfo has an unexpected structure (RFC 5652 §5.3)");
        }
        if (si.getVersion().intValueExact() != 1 && si.getVersion().intValueExact() != 3) {
            throw new MalformedEncodingException("SignerInfo version " + si.getVersion() + " (RFC 5652 §5.3: 1 or 3)");
        }
        if (si.getUnauthenticatedAttributes() != null) {
            throw new MalformedEncodingException("the SignerInfo has unsigned attributes, which gmgw does not process");
        }
        digestAlgorithm = si.getDigestAlgorithm();
        if (!sm3Only(digestAlgorithm)) {
            throw new MalformedEncodingException("unsupported digest algorithm " + digestAlgorithm.getAlgorithm()
                    + "; gmgw verifies SM3 (1.2.156.10197.1.401)");
        }
        signatureAlgorithm = si.getDigestEncryptionAlgorithm();
        if (!CmsOids.SIGNATURE_ALGORITHMS.contains(signatureAlgorithm.getAlgorithm())
                || !absentOrNull(signatureAlgorithm)) {
            throw new MalformedEncodingException("unsupported signature algorithm " + signatureAlgorithm.getAlgorithm()
                    + "; gmgw verifies SM3withSM2 (1.2.156.10197.1.501) or sm2-1 (1.2.156.10197.1.301.1)");
        }
        ASN1Set attrs = si.getAuthenticatedAttributes();
        if (attrs == null) {
            throw new MalformedEncodingException("the SignerInfo has no signed attributes");
        }
        signedAttributesDer = CmsSigner.der(attrs);
        signedAttributes = new AttributeTable(attrs);
        ASN1ObjectIdentifier signedType = ASN1ObjectIdentifier.getInstance(single(CMSAttributes.contentType,
                "content-type"));
        if (!signedType.equals(encapsulatedContentType)) {
            throw new MalformedEncodingException("the content-type attribute (" + signedType + ") differs from the "
                    + "SignedData's content type (" + encapsulatedContentType + ")");
        }
        messageDigest = ASN1OctetString.getInstance(single(CMSAttributes.messageDigest, "message-digest")).getOctets();
        Attribute time = signedAttributes.get(CMSAttributes.signingTime);
        try {
            signingTime = time == null ? null
                    : Time.getInstance(single(CMSAttributes.signingTime, "signing-time")).getDate().toInstant();
        } catch (IllegalArgumentException e) {
            throw new MalformedEncodingException("malformed signing-time attribute", e);
        }
        signature = si.getEncryptedDigest().getOctets();
        signer = findSigner(si.getSID());
    }

    private static boolean sm3Only(ASN1Encodable algorithm) {
        AlgorithmIdentifier a = AlgorithmIdentifier.getInstance(algorithm);
        return CmsOids.SM3.equals(a.getAlgorithm()) && absentOrNull(a);
    }

    private static boolean absentOrNull(AlgorithmIdentifier a) {
        return a.getParameters() == null || a.getParameters() instanceof org.bouncycastle.asn1.ASN1Null;
    }

    /** Parses a DER (or BER that re-encodes identically) ContentInfo holding a SignedData. */
    public static CmsSignedData parse(byte[] der) {
        try {
            return new CmsSignedData(der);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw MalformedEncodingException.of("malformed CMS SignedData", e);
        }
    }

    private ASN1Encodable single(ASN1ObjectIdentifier type, String name) {
        var all = signedAttributes.getAll(type);
        if (all.size() != 1) {
            throw new MalformedEncodingException("the signed attributes have " + all.size() + " " + name
                    + " attributes; exactly one is required (RFC 5652 §11)");
        }
        ASN1Set values = ((Attribute) all.get(0)).getAttrValues();
        if (values.size() != 1) {
            throw new MalformedEncodingException("the " + name + " attribute has " + values.size()
                    + " values; exactly one is required (RFC 5652 §11)");
        }
        return values.getObjectAt(0);
    }

    private Sm2Certificate findSigner(SignerIdentifier sid) {
        ASN1Encodable id = sid.getId();
        for (Sm2Certificate c : certificates) {
            if (id instanceof ASN1OctetString ski) {
                if (c.subjectKeyIdentifier() != null && Arrays.equals(c.subjectKeyIdentifier(), ski.getOctets())) {
                    return c;
                }
            } else {
                // Compared as encoded, not as X.500 names: an altered string type must not still match.
                IssuerAndSerialNumber ias = IssuerAndSerialNumber.getInstance(id);
                Certificate cert = Certificate.getInstance(c.encoded());
                if (Arrays.equals(CmsSigner.der(ias.getName()), CmsSigner.der(cert.getIssuer()))
                        && ias.getSerialNumber().getValue().equals(c.serialNumber())) {
                    return c;
                }
            }
        }
        throw new MalformedEncodingException("the signer's certificate is not in the SignedData (gmgw needs it "
                + "included: it identifies the signer to the auditor)");
    }

    /** The SM2 signature over the DER signed attributes verifies with the signer certificate's key, default ID. */
    public boolean signatureValid(CryptoModule module) {
        return module.sm2().verify(signer.publicKey(), signedAttributesDer, signature, Sm2.defaultUserId());
    }

    /** The message-digest attribute equals the SM3 of {@code content} (constant-time comparison). */
    public boolean digestMatches(CryptoModule module, byte[] content) {
        return digestMatchesSm3(module.sm3().hash(content));
    }

    /** The message-digest attribute equals {@code sm3OfContent} (constant-time comparison). */
    public boolean digestMatchesSm3(byte[] sm3OfContent) {
        return MessageDigest.isEqual(messageDigest, sm3OfContent);
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    /** The outer content type: RFC 5652 signedData or GM/T 0010 signedData. */
    public ASN1ObjectIdentifier contentType() {
        return contentType;
    }

    public ASN1ObjectIdentifier encapsulatedContentType() {
        return encapsulatedContentType;
    }

    public ASN1ObjectIdentifier digestAlgorithm() {
        return digestAlgorithm.getAlgorithm();
    }

    public ASN1ObjectIdentifier signatureAlgorithm() {
        return signatureAlgorithm.getAlgorithm();
    }

    /** The signer's certificate, found by the SignerInfo's identifier among the included certificates. */
    public Sm2Certificate signer() {
        return signer;
    }

    /** Every certificate the SignedData includes (the signer's and any issuers). */
    public List<Sm2Certificate> certificates() {
        return List.copyOf(certificates);
    }

    public byte[] messageDigest() {
        return messageDigest.clone();
    }

    public Optional<Instant> signingTime() {
        return Optional.ofNullable(signingTime);
    }

    /** The DER SM2 signature (SEQUENCE {r, s}) of the SignerInfo. */
    public byte[] signature() {
        return signature.clone();
    }

    /** The single value of a signed attribute, if present. */
    public Optional<ASN1Encodable> signedAttribute(ASN1ObjectIdentifier type) {
        if (signedAttributes.get(type) == null) {
            return Optional.empty();
        }
        return Optional.of(single(type, type.getId()));
    }

    /** The signed attributes as signed (DER SET OF Attribute). */
    public byte[] signedAttributesEncoded() {
        return signedAttributesDer.clone();
    }

    /** The signer and sequence, for logs. */
    @Override
    public String toString() {
        return "CMS SignedData by " + signer + (signingTime != null ? " at " + signingTime : "");
    }
}
