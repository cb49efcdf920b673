package io.gmgw.acl.sign;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.format.AclFormat;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;

/**
 * gmgw's own signed attribute of an ACL signature: what the file is (format, rule count, length), its canonical form's
 * SM3 digest and the canonicalisation rules used, and where it sits in the history (ACL name, version, the SM3 of the
 * previous audit-chain record, empty when the signature is not chained). Its type is {@link #OID}, an OID minted
 * from a UUID in the {@code 2.25} arc (ITU-T X.667), so it needs no registration.
 *
 * <pre>
 * GmgwAclManifest ::= SEQUENCE {
 *   manifestVersion   INTEGER (1),
 *   format            UTF8String,    -- "iptables-save", "nftables", "nftables-json", "cisco-ios", "huawei-vrp"
 *   canonicalization  UTF8String,    -- "gmgw-acl-c14n-1"
 *   canonicalDigest   OCTET STRING,  -- SM3 of the canonical form
 *   ruleCount         INTEGER,
 *   contentLength     INTEGER,       -- bytes of the signed file
 *   aclName           UTF8String,
 *   aclVersion        INTEGER (1..MAX),
 *   previousRecord    OCTET STRING   -- SM3 of the previous audit-chain record; empty when not chained
 * }
 * </pre>
 */
public record AclManifest(AclFormat format, String canonicalization, byte[] canonicalDigest, int ruleCount,
        long contentLength, String aclName, long aclVersion, byte[] previousRecord) {
    /** 2.25 + UUID 6a114b2e-6580-4b38-8da4-10537fe7f673 as an integer. */
    public static final ASN1ObjectIdentifier OID = new ASN1ObjectIdentifier(
            "2.25.140987961456425007846506600607215253107");
    static final int VERSION = 1;

    public AclManifest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(canonicalization, "canonicalization");
        Objects.requireNonNull(aclName, "aclName");
        canonicalDigest = canonicalDigest.clone();
        previousRecord = previousRecord.clone();
        if (aclVersion < 1) {
            throw new IllegalArgumentException("ACL versions start at 1, not " + aclVersion);
        }
    }

    /** The manifest of {@code document} ({@code canonicalDigest} is the SM3 of its canonical form). */
    public static AclManifest of(AclDocument document, byte[] canonicalDigest, long contentLength, String aclName,
            long aclVersion, byte[] previousRecord) {
        return new AclManifest(document.format(), AclDocument.CANONICALIZATION, canonicalDigest, document.ruleCount(),
                contentLength, aclName, aclVersion, previousRecord);
    }

    public boolean chained() {
        return previousRecord.length > 0;
    }

    public String canonicalDigestHex() {
        return HexFormat.of().formatHex(canonicalDigest);
    }

    public String previousRecordHex() {
        return HexFormat.of().formatHex(previousRecord);
    }

    @Override
    public byte[] canonicalDigest() {
        return canonicalDigest.clone();
    }

    @Override
    public byte[] previousRecord() {
        return previousRecord.clone();
    }

    ASN1Encodable toAsn1() {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(VERSION));
        v.add(new DERUTF8String(format.id()));
        v.add(new DERUTF8String(canonicalization));
        v.add(new DEROctetString(canonicalDigest));
        v.add(new ASN1Integer(ruleCount));
        v.add(new ASN1Integer(contentLength));
        v.add(new DERUTF8String(aclName));
        v.add(new ASN1Integer(aclVersion));
        v.add(new DEROctetString(previousRecord));
        return new DERSequence(v);
    }

    /** Reads the attribute value; {@link AclSignatureFormatException} when it is not a version-1 manifest. */
    static AclManifest fromAsn1(ASN1Encodable value) {
        try {
            ASN1Sequence s = ASN1Sequence.getInstance(value);
            if (s.size() != 9) {
                throw new AclSignatureFormatException("the gmgw ACL manifest attribute has " + s.size()
                        + " fields, not 9");
            }
            int version = ASN1Integer.getInstance(s.getObjectAt(0)).intValueExact();
            if (version != VERSION) {
                throw new AclSignatureFormatException("gmgw ACL manifest version " + version + " is not supported "
                        + "(this gmgw reads version " + VERSION + ")");
            }
            return new AclManifest(
                    AclFormat.fromId(ASN1UTF8String.getInstance(s.getObjectAt(1)).getString()),
                    ASN1UTF8String.getInstance(s.getObjectAt(2)).getString(),
                    ASN1OctetString.getInstance(s.getObjectAt(3)).getOctets(),
                    ASN1Integer.getInstance(s.getObjectAt(4)).intValueExact(),
                    positive(ASN1Integer.getInstance(s.getObjectAt(5)).getValue()),
                    ASN1UTF8String.getInstance(s.getObjectAt(6)).getString(),
                    positive(ASN1Integer.getInstance(s.getObjectAt(7)).getValue()),
                    ASN1OctetString.getInstance(s.getObjectAt(8)).getOctets());
        } catch (AclSignatureFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AclSignatureFormatException("malformed gmgw ACL manifest attribute: " + e.getMessage(), e);
        }
    }

    /** The manifest attribute of a CMS signature, empty when it has none (a signature made by another tool). */
    public static java.util.Optional<AclManifest> of(io.gmgw.crypto.cms.CmsSignedData cms) {
        return cms.signedAttribute(OID).map(AclManifest::fromAsn1);
    }

    private static long positive(BigInteger v) {
        if (v.signum() < 0) {
            throw new AclSignatureFormatException("negative number in the gmgw ACL manifest");
        }
        return v.longValueExact();
    }
}
