package io.gmgw.crypto.cms;

import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;

/**
 * The object identifiers of SM2 CMS: what gmgw writes (RFC 5652 content types, SM3, SM3withSM2) and the GM/T 0010
 * (GB/T 35275) alternatives it accepts on input.
 */
public final class CmsOids {
    /** RFC 5652 id-signedData, what gmgw writes as the outer content type. */
    public static final ASN1ObjectIdentifier SIGNED_DATA = CMSObjectIdentifiers.signedData;
    /** RFC 5652 id-data, what gmgw writes as the encapsulated content type of a detached signature. */
    public static final ASN1ObjectIdentifier DATA = CMSObjectIdentifiers.data;
    /** GM/T 0010 signedData (1.2.156.10197.6.1.4.2.2), accepted on input. */
    public static final ASN1ObjectIdentifier GM_SIGNED_DATA = new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.2");
    /** GM/T 0010 data (1.2.156.10197.6.1.4.2.1), accepted on input. */
    public static final ASN1ObjectIdentifier GM_DATA = new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.1");
    /** SM3 (GM/T 0006: 1.2.156.10197.1.401). */
    public static final ASN1ObjectIdentifier SM3 = GMObjectIdentifiers.sm3;
    /** SM3withSM2 (1.2.156.10197.1.501): what gmgw writes as the signature algorithm. */
    public static final ASN1ObjectIdentifier SM3_WITH_SM2 = GMObjectIdentifiers.sm2sign_with_sm3;
    /** sm2-1 / sm2sign (1.2.156.10197.1.301.1): GM/T 0010's digestEncryptionAlgorithm, accepted on input. */
    public static final ASN1ObjectIdentifier SM2_SIGN = GMObjectIdentifiers.sm2sign;

    static final Set<ASN1ObjectIdentifier> SIGNED_DATA_TYPES = Set.of(SIGNED_DATA, GM_SIGNED_DATA);
    static final Set<ASN1ObjectIdentifier> DATA_TYPES = Set.of(DATA, GM_DATA);
    static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS = Set.of(SM3_WITH_SM2, SM2_SIGN);

    private CmsOids() {
    }
}
