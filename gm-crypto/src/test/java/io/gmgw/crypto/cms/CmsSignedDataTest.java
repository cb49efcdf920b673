package io.gmgw.crypto.cms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.SoftwareKeyHandle;
import io.gmgw.crypto.pki.CertificateIssuer;
import io.gmgw.crypto.pki.CertificateProfile;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Detached SM2 CMS SignedData: round trips, an independent check with Bouncy Castle's own CMS verifier (JCA provider,
 * SM3withSM2 with the default ID), GM/T 0010 OIDs accepted on input, and every single-byte change of a signature
 * detected.
 */
class CmsSignedDataTest {
    private static final ASN1ObjectIdentifier EXTRA = new ASN1ObjectIdentifier("2.25.1234567890123456789");
    private static final byte[] CONTENT = "*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static Instant signedAt;

    private static CryptoModule module;
    private static KeyHandle key;
    private static Sm2Certificate root;
    private static Sm2Certificate leaf;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("cms-signed-data");
        KeyHandle rootKey = new SoftwareKeyHandle(module, module.sm2().generateKeyPair().privateKey(), List.of(),
                "root");
        root = CertificateIssuer.selfSignedRoot(module, rootKey, DistinguishedNames.parse("CN=CMS Test Root, C=CN"),
                Duration.ofDays(3650));
        key = new SoftwareKeyHandle(module, module.sm2().generateKeyPair().privateKey(), List.of(), "acl-signer");
        leaf = new CertificateIssuer(module, root, rootKey).client(CertificateProfile.SIGNING,
                DistinguishedNames.parse("CN=ACL signer, O=gmgw, C=CN"), key.publicKey(), Duration.ofDays(365));
        signedAt = leaf.notBefore().plusSeconds(60);
    }

    private static byte[] sign(byte[] content) {
        return new CmsSigner(module, key, List.of(leaf, root)).signingTime(signedAt)
                .signedAttribute(EXTRA, new DERUTF8String("iptables-save")).signDetached(content);
    }

    @Test
    void roundTripWithEveryFieldAsWritten() {
        byte[] der = sign(CONTENT);
        CmsSignedData parsed = CmsSignedData.parse(der);
        assertTrue(parsed.signatureValid(module));
        assertTrue(parsed.digestMatches(module, CONTENT));
        assertFalse(parsed.digestMatches(module, "other".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(CmsOids.SIGNED_DATA, parsed.contentType());
        assertEquals(CmsOids.DATA, parsed.encapsulatedContentType());
        assertEquals(CmsOids.SM3, parsed.digestAlgorithm());
        assertEquals(CmsOids.SM3_WITH_SM2, parsed.signatureAlgorithm());
        assertEquals(leaf, parsed.signer());
        assertEquals(List.of(leaf, root), parsed.certificates());
        assertEquals(signedAt, parsed.signingTime().orElseThrow());
        assertArrayEquals(module.sm3().hash(CONTENT), parsed.messageDigest());
        assertEquals("iptables-save", DERUTF8String.getInstance(parsed.signedAttribute(EXTRA).orElseThrow())
                .getString());
        // The signature is an SM2 signature over the DER signed attributes with the default ID, nothing else.
        assertTrue(module.sm2().verify(key.publicKey(), parsed.signedAttributesEncoded(), parsed.signature(),
                Sm2.defaultUserId()));
        assertFalse(module.sm2().verify(key.publicKey(), parsed.signedAttributesEncoded(), parsed.signature(),
                new byte[0]));
    }

    @Test
    void bouncyCastlesCmsVerifierAcceptsItIndependently() throws Exception {
        byte[] der = sign(CONTENT);
        CMSSignedData bc = new CMSSignedData(new CMSProcessableByteArray(CONTENT), der);
        SignerInformation signer = bc.getSignerInfos().getSigners().iterator().next();
        X509CertificateHolder cert = new X509CertificateHolder(leaf.encoded());
        BouncyCastleProvider provider = new BouncyCastleProvider();
        assertTrue(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(provider).build(cert)));
        CMSSignedData altered = new CMSSignedData(new CMSProcessableByteArray("x".getBytes(StandardCharsets.UTF_8)),
                der);
        SignerInformation other = altered.getSignerInfos().getSigners().iterator().next();
        assertThrows(Exception.class, () -> other.verify(new JcaSimpleSignerInfoVerifierBuilder()
                .setProvider(provider).build(cert)));
        assertEquals(null, Security.getProvider("BC"), "the test must not install a global provider");
    }

    @Test
    void gmt0010OidsAreAcceptedOnInput() {
        Certificate signer = Certificate.getInstance(leaf.encoded());
        byte[] digest = module.sm3().hash(CONTENT);
        ASN1EncodableVector attrs = new ASN1EncodableVector();
        attrs.add(new Attribute(CMSAttributes.contentType, new DERSet(CmsOids.GM_DATA)));
        attrs.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(digest))));
        DERSet signedAttrs = new DERSet(attrs);
        byte[] signature = key.sign(CmsSigner.der(signedAttrs));
        SignerInfo info = new SignerInfo(new SignerIdentifier(new IssuerAndSerialNumber(signer.getIssuer(),
                signer.getSerialNumber().getValue())), new AlgorithmIdentifier(CmsOids.SM3), signedAttrs,
                new AlgorithmIdentifier(CmsOids.SM2_SIGN), new DEROctetString(signature), null);
        SignedData sd = new SignedData(new DERSet(new AlgorithmIdentifier(CmsOids.SM3)),
                new ContentInfo(CmsOids.GM_DATA, null), new DERSet(signer), null, new DERSet(info));
        byte[] der = CmsSigner.der(new ContentInfo(CmsOids.GM_SIGNED_DATA, sd));

        CmsSignedData parsed = CmsSignedData.parse(der);
        assertEquals(CmsOids.GM_SIGNED_DATA, parsed.contentType());
        assertEquals(CmsOids.SM2_SIGN, parsed.signatureAlgorithm());
        assertTrue(parsed.signatureValid(module));
        assertTrue(parsed.digestMatches(module, CONTENT));
        assertTrue(parsed.signingTime().isEmpty());
    }

    @Test
    void everySingleByteChangeOfTheSignatureIsDetected() {
        byte[] der = sign(CONTENT);
        int parseErrors = 0;
        int badSignatures = 0;
        int otherSigner = 0;
        for (int i = 0; i < der.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] t = der.clone();
                t[i] ^= (byte) bit;
                CmsSignedData parsed;
                try {
                    parsed = CmsSignedData.parse(t);
                } catch (MalformedEncodingException e) {
                    parseErrors++;
                    continue;
                }
                if (!parsed.signatureValid(module) || !parsed.digestMatches(module, CONTENT)) {
                    badSignatures++;
                } else if (!parsed.signer().equals(leaf) || !parsed.certificates().equals(List.of(leaf, root))) {
                    // An altered certificate: the path check (not this class) refuses it.
                    otherSigner++;
                } else {
                    throw new AssertionError("flipping bit " + bit + " of byte " + i + " of " + der.length
                            + " went unnoticed: " + HexFormat.of().formatHex(t));
                }
            }
        }
        assertEquals(der.length * 2, parseErrors + badSignatures + otherSigner);
        assertTrue(parseErrors > 0 && badSignatures > 0 && otherSigner > 0,
                parseErrors + " " + badSignatures + " " + otherSigner);
    }

    @Test
    void malformedAndUnsupportedInputIsRefusedWithAReason() {
        assertThrows(MalformedEncodingException.class, () -> CmsSignedData.parse(new byte[] {0x30, 0x03, 1, 2}));
        assertThrows(MalformedEncodingException.class, () -> CmsSignedData.parse(CONTENT));
        byte[] der = sign(CONTENT);
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
        assertThrows(MalformedEncodingException.class, () -> CmsSignedData.parse(trailing));
        // A certificate instead of a ContentInfo.
        MalformedEncodingException e = assertThrows(MalformedEncodingException.class,
                () -> CmsSignedData.parse(leaf.encoded()));
        assertTrue(e.getMessage().contains("CMS"), e.getMessage());
        ASN1Sequence.getInstance(der); // still a sequence: sanity
    }

    @Test
    void theCertificateMustBelongToTheKey() {
        assertThrows(RuntimeException.class, () -> new CmsSigner(module, key, List.of(root)));
    }
}
