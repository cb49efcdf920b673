package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.GmCryptoException;
import io.gmgw.crypto.MalformedEncodingException;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * An X.509 v3 certificate with an SM2 subject key, as GM/T 0015-2012 (GB/T 20518-2018) profiles it: signed with
 * SM3withSM2 (1.2.156.10197.1.501), the SPKI on the curve sm2p256v1. Immutable; the DER it was parsed from is kept
 * exactly, so that it can be sent on the wire and hashed unchanged.
 */
public final class Sm2Certificate {
    /** SM3withSM2 (GM/T 0006-2012). */
    public static final ASN1ObjectIdentifier SM3_WITH_SM2 = GMObjectIdentifiers.sm2sign_with_sm3;

    private final X509CertificateHolder holder;
    private final byte[] encoded;
    private final Sm2PublicKey publicKey;
    private final Set<KeyUsage> keyUsage;
    private final boolean hasKeyUsage;

    private Sm2Certificate(X509CertificateHolder holder, byte[] encoded) {
        this.holder = holder;
        this.encoded = encoded;
        try {
            this.publicKey = Sm2PublicKey.fromSubjectPublicKeyInfo(holder.getSubjectPublicKeyInfo());
        } catch (GmCryptoException e) {
            throw new MalformedEncodingException("certificate " + holder.getSubject() + " (serial "
                    + holder.getSerialNumber().toString(16) + ") does not carry a usable SM2 key: " + e.getMessage(), e);
        }
        org.bouncycastle.asn1.x509.KeyUsage ku = org.bouncycastle.asn1.x509.KeyUsage.fromExtensions(holder.getExtensions());
        this.hasKeyUsage = ku != null;
        this.keyUsage = KeyUsage.from(ku);
    }

    /** Parses one DER certificate; trailing bytes, non-SM2 keys and non-v3 structures are refused. */
    public static Sm2Certificate fromDer(byte[] der) {
        Certificate c;
        try {
            c = Certificate.getInstance(org.bouncycastle.asn1.ASN1Primitive.fromByteArray(der));
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new MalformedEncodingException("not a DER X.509 certificate: " + e.getMessage(), e);
        }
        if (c == null) {
            throw new MalformedEncodingException("not a DER X.509 certificate: empty input");
        }
        byte[] reencoded;
        try {
            reencoded = c.getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Arrays.equals(reencoded, der)) {
            throw new MalformedEncodingException("certificate is not strict DER (or has trailing bytes)");
        }
        return new Sm2Certificate(new X509CertificateHolder(c), der.clone());
    }

    /** The certificates of a PEM text, in file order (non-certificate blocks are ignored). */
    public static List<Sm2Certificate> fromPem(String pem) {
        List<Sm2Certificate> out = new ArrayList<>();
        for (byte[] der : Pem.blocks(pem, "CERTIFICATE")) {
            out.add(fromDer(der));
        }
        return out;
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    public String toPem() {
        return Pem.encode("CERTIFICATE", encoded);
    }

    public X500Name subject() {
        return holder.getSubject();
    }

    public X500Name issuer() {
        return holder.getIssuer();
    }

    public BigInteger serialNumber() {
        return holder.getSerialNumber();
    }

    /** The serial number in upper-case hex, as ops read it in logs and reports. */
    public String serialHex() {
        return holder.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
    }

    public Instant notBefore() {
        return holder.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return holder.getNotAfter().toInstant();
    }

    public boolean isValidAt(Instant instant) {
        return !instant.isBefore(notBefore()) && !instant.isAfter(notAfter());
    }

    public Sm2PublicKey publicKey() {
        return publicKey;
    }

    /** The key usages asserted; empty when the extension is absent (see {@link #hasKeyUsageExtension()}). */
    public Set<KeyUsage> keyUsage() {
        return keyUsage.isEmpty() ? EnumSet.noneOf(KeyUsage.class) : EnumSet.copyOf(keyUsage);
    }

    public boolean hasKeyUsageExtension() {
        return hasKeyUsage;
    }

    /** A signing certificate of a double pair: digitalSignature or nonRepudiation (GM/T 0015 §7.x key usage). */
    public boolean isSigningCertificate() {
        return keyUsage.contains(KeyUsage.DIGITAL_SIGNATURE) || keyUsage.contains(KeyUsage.NON_REPUDIATION);
    }

    /** An encryption certificate of a double pair: keyEncipherment, dataEncipherment or keyAgreement. */
    public boolean isEncryptionCertificate() {
        return keyUsage.contains(KeyUsage.KEY_ENCIPHERMENT) || keyUsage.contains(KeyUsage.DATA_ENCIPHERMENT)
                || keyUsage.contains(KeyUsage.KEY_AGREEMENT);
    }

    /** basicConstraints cA = TRUE. */
    public boolean isCa() {
        BasicConstraints bc = BasicConstraints.fromExtensions(holder.getExtensions());
        return bc != null && bc.isCA();
    }

    /** The pathLenConstraint of a CA certificate, or -1 when unlimited or not a CA. */
    public int pathLengthConstraint() {
        BasicConstraints bc = BasicConstraints.fromExtensions(holder.getExtensions());
        if (bc == null || !bc.isCA() || bc.getPathLenConstraint() == null) {
            return -1;
        }
        return bc.getPathLenConstraint().intValueExact();
    }

    public boolean isSelfIssued() {
        return holder.getSubject().equals(holder.getIssuer());
    }

    /** The subjectKeyIdentifier, or null. */
    public byte[] subjectKeyIdentifier() {
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(holder.getExtensions());
        return ski == null ? null : ski.getKeyIdentifier();
    }

    /** The keyIdentifier of authorityKeyIdentifier, or null. */
    public byte[] authorityKeyIdentifier() {
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(holder.getExtensions());
        return aki == null ? null : aki.getKeyIdentifier();
    }

    /** DNS names of subjectAltName. */
    public List<String> dnsNames() {
        GeneralNames names = GeneralNames.fromExtensions(holder.getExtensions(), Extension.subjectAlternativeName);
        List<String> out = new ArrayList<>();
        if (names != null) {
            for (GeneralName n : names.getNames()) {
                if (n.getTagNo() == GeneralName.dNSName) {
                    out.add(n.getName().toString());
                }
            }
        }
        return out;
    }

    public Extensions extensions() {
        return holder.getExtensions();
    }

    /** The OID of the signature algorithm (1.2.156.10197.1.501 for every certificate gmgw accepts as signed). */
    public ASN1ObjectIdentifier signatureAlgorithm() {
        return holder.getSignatureAlgorithm().getAlgorithm();
    }

    /**
     * Whether this certificate's signature verifies under {@code issuerKey} with the SM2 user ID {@code userId}
     * (GM/T 0015 uses the default ID). False, never an exception, for another algorithm or a bad signature.
     */
    public boolean isSignedBy(CryptoModule module, Sm2PublicKey issuerKey, byte[] userId) {
        if (!SM3_WITH_SM2.equals(signatureAlgorithm())) {
            return false;
        }
        byte[] tbs;
        try {
            tbs = holder.toASN1Structure().getTBSCertificate().getEncoded("DER");
        } catch (IOException e) {
            return false;
        }
        return module.sm2().verify(issuerKey, tbs, holder.getSignature(), userId);
    }

    /** The SM3 fingerprint of the DER, lower-case hex. */
    public String fingerprintSm3(CryptoModule module) {
        return HexFormat.of().formatHex(module.sm3().hash(encoded));
    }

    /** Bouncy Castle's view, for building CMS and certificates. */
    public X509CertificateHolder toHolder() {
        return holder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sm2Certificate c && Arrays.equals(c.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    /** Subject and serial, for logs and error messages. */
    @Override
    public String toString() {
        return "'" + subject() + "' (serial " + serialHex() + ")";
    }
}
