package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.GmCryptoException;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.crypto.sm2.Sm2Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/**
 * A PKCS#10 certification request (RFC 2986) with an SM2 key, self-signed with SM3withSM2 and the default SM2 user ID
 * (the ID GM/T 0015 uses for every signature in the PKI). Built on Bouncy Castle's
 * {@link PKCS10CertificationRequestBuilder}, signed through a {@link Sm2Signer}, so a smart key can request its own
 * certificate. Immutable; the parsed DER is kept exactly.
 */
public final class Sm2CertificationRequest {
    public static final String PEM_LABEL = "CERTIFICATE REQUEST";

    private final PKCS10CertificationRequest request;
    private final byte[] encoded;
    private final Sm2PublicKey publicKey;
    private final List<String> requestedDnsNames;
    private final List<String> requestedIpAddresses;

    private Sm2CertificationRequest(PKCS10CertificationRequest request, byte[] encoded) {
        this.request = request;
        this.encoded = encoded;
        // BC decodes the subject and the requested extensions lazily; decode them now so a bad one is malformed here.
        request.getSubject().toString();
        if (request.toASN1Structure().getSignature().getPadBits() != 0) {
            throw new MalformedEncodingException("certification request signature is not a whole number of bytes");
        }
        this.requestedDnsNames = dnsNames(request.getRequestedExtensions());
        this.requestedIpAddresses = ipAddresses(request.getRequestedExtensions());
        try {
            this.publicKey = Sm2PublicKey.fromSubjectPublicKeyInfo(request.getSubjectPublicKeyInfo());
        } catch (GmCryptoException e) {
            throw new MalformedEncodingException("certification request for '" + request.getSubject()
                    + "' does not carry a usable SM2 key: " + e.getMessage(), e);
        }
    }

    /** A request for {@code subject} and the key of {@code key}, with no requested extensions. */
    public static Sm2CertificationRequest create(Sm2Signer key, X500Name subject) {
        return create(key, subject, List.of());
    }

    /**
     * A request for {@code subject} and the key of {@code key}; non-empty {@code hostNames} are asked for as a
     * subjectAltName in a PKCS#9 extensionRequest attribute (RFC 2985 §5.4.2). The CA decides what it grants.
     */
    public static Sm2CertificationRequest create(Sm2Signer key, X500Name subject, List<String> hostNames) {
        PKCS10CertificationRequestBuilder b = new PKCS10CertificationRequestBuilder(subject,
                key.publicKey().toSubjectPublicKeyInfo());
        if (!hostNames.isEmpty()) {
            try {
                b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(
                        new Extension(Extension.subjectAlternativeName, false,
                                SubjectAltNames.of(hostNames).getEncoded("DER"))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return fromDer(b.build(new Sm2ContentSigner(key)).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one DER request; trailing bytes and non-SM2 keys are refused. The signature is not checked here. */
    public static Sm2CertificationRequest fromDer(byte[] der) {
        CertificationRequest cr;
        byte[] reencoded;
        try {
            cr = CertificationRequest.getInstance(ASN1Primitive.fromByteArray(der));
            reencoded = cr == null ? null : cr.getEncoded("DER");
        } catch (IOException | RuntimeException e) {
            // BC's ASN.1 classes report wrong structures with assorted runtime exceptions (even index errors).
            throw MalformedEncodingException.of("not a DER PKCS#10 request", e);
        }
        if (cr == null) {
            throw new MalformedEncodingException("not a DER PKCS#10 request: empty input");
        }
        if (!Arrays.equals(reencoded, der)) {
            throw new MalformedEncodingException("PKCS#10 request is not strict DER (or has trailing bytes)");
        }
        try {
            return new Sm2CertificationRequest(new PKCS10CertificationRequest(cr), der.clone());
        } catch (MalformedEncodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MalformedEncodingException.of("malformed PKCS#10 request", e);
        }
    }

    /** The single request of a PEM text ({@code CERTIFICATE REQUEST}, or the older {@code NEW CERTIFICATE REQUEST}). */
    public static Sm2CertificationRequest fromPem(String pem) {
        List<byte[]> blocks = new ArrayList<>(Pem.blocks(pem, PEM_LABEL));
        blocks.addAll(Pem.blocks(pem, "NEW " + PEM_LABEL));
        if (blocks.size() != 1) {
            throw new MalformedEncodingException("expected one PEM " + PEM_LABEL + " block, found " + blocks.size());
        }
        return fromDer(blocks.get(0));
    }

    public X500Name subject() {
        return request.getSubject();
    }

    public Sm2PublicKey publicKey() {
        return publicKey;
    }

    /** DNS names asked for in the extensionRequest attribute (empty when none). */
    public List<String> requestedDnsNames() {
        return requestedDnsNames;
    }

    /** IP addresses asked for in the extensionRequest attribute, as {@link Sm2Certificate#ipAddresses()} writes them. */
    public List<String> requestedIpAddresses() {
        return requestedIpAddresses;
    }

    private static List<String> ipAddresses(Extensions ext) {
        List<String> out = new ArrayList<>();
        GeneralNames names = ext == null ? null : GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
        if (names != null) {
            for (GeneralName n : names.getNames()) {
                if (n.getTagNo() == GeneralName.iPAddress) {
                    out.add(IpAddressText.format(
                            org.bouncycastle.asn1.ASN1OctetString.getInstance(n.getName()).getOctets()));
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<String> dnsNames(Extensions ext) {
        List<String> out = new ArrayList<>();
        GeneralNames names = ext == null ? null : GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
        if (names != null) {
            for (GeneralName n : names.getNames()) {
                if (n.getTagNo() == GeneralName.dNSName) {
                    out.add(n.getName().toString());
                }
            }
        }
        return List.copyOf(out);
    }

    /** Whether the self-signature verifies with the request's own key and the default SM2 user ID. */
    public boolean isSelfSignatureValid(CryptoModule module) {
        return isSelfSignatureValid(module, Sm2.defaultUserId());
    }

    /**
     * Whether the self-signature (SM3withSM2 over the DER CertificationRequestInfo, RFC 2986 §4.2) verifies with the
     * request's key and {@code userId}. False, never an exception, for another algorithm or a bad signature.
     */
    public boolean isSelfSignatureValid(CryptoModule module, byte[] userId) {
        if (!Sm2Certificate.SM3_WITH_SM2.equals(request.getSignatureAlgorithm().getAlgorithm())) {
            return false;
        }
        byte[] info;
        try {
            info = request.toASN1Structure().getCertificationRequestInfo().getEncoded("DER");
        } catch (IOException e) {
            return false;
        }
        return module.sm2().verify(publicKey, info, request.getSignature(), userId);
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    public String toPem() {
        return Pem.encode(PEM_LABEL, encoded);
    }

    /** Bouncy Castle's view of the request. */
    public PKCS10CertificationRequest toBc() {
        return request;
    }

    @Override
    public String toString() {
        return "certification request for '" + subject() + "'";
    }
}
