package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.GmCryptoException;
import io.gmgw.crypto.core.MalformedEncodingException;
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
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
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
    private final X500Name subject;
    private final X500Name issuer;
    private final Instant notBefore;
    private final Instant notAfter;
    private final boolean ca;
    private final int pathLength;
    private final byte[] ski;
    private final byte[] aki;
    private final List<String> dnsNames;
    private final List<byte[]> ipAddresses;
    /** Null when the certificate has no extendedKeyUsage extension. */
    private final List<ASN1ObjectIdentifier> extendedKeyUsages;
    /** SM3 of {@link #encoded}, taken the first time a verifier needs it ({@link VerifiedSignatures}). */
    private final OnceSm3 sm3 = new OnceSm3();

    /**
     * Parses every field gmgw reads now, once: Bouncy Castle decodes names and extension values lazily and reports
     * bad ones with assorted runtime exceptions, which must surface here as {@link MalformedEncodingException} rather
     * than later, in the middle of a path validation.
     */
    private Sm2Certificate(X509CertificateHolder holder, byte[] encoded) {
        this.holder = holder;
        this.encoded = encoded;
        this.subject = checkedName(holder.getSubject());
        this.issuer = checkedName(holder.getIssuer());
        try {
            this.publicKey = Sm2PublicKey.fromSubjectPublicKeyInfo(holder.getSubjectPublicKeyInfo());
        } catch (GmCryptoException e) {
            throw new MalformedEncodingException("certificate " + subject + " (serial "
                    + holder.getSerialNumber().toString(16) + ") does not carry a usable SM2 key: " + e.getMessage(), e);
        }
        Extensions ext = holder.getExtensions();
        if (ext != null) {
            for (ASN1ObjectIdentifier oid : ext.getExtensionOIDs()) {
                ext.getExtensionParsedValue(oid);
            }
        }
        org.bouncycastle.asn1.x509.KeyUsage ku = org.bouncycastle.asn1.x509.KeyUsage.fromExtensions(ext);
        this.hasKeyUsage = ku != null;
        this.keyUsage = KeyUsage.from(ku);
        this.notBefore = holder.getNotBefore().toInstant();
        this.notAfter = holder.getNotAfter().toInstant();
        BasicConstraints bc = BasicConstraints.fromExtensions(ext);
        this.ca = bc != null && bc.isCA();
        this.pathLength = pathLength(bc);
        SubjectKeyIdentifier skid = SubjectKeyIdentifier.fromExtensions(ext);
        this.ski = skid == null ? null : skid.getKeyIdentifier();
        AuthorityKeyIdentifier akid = AuthorityKeyIdentifier.fromExtensions(ext);
        this.aki = akid == null ? null : akid.getKeyIdentifier();
        this.dnsNames = dnsNames(ext);
        this.ipAddresses = ipAddresses(ext);
        this.extendedKeyUsages = extendedKeyUsages(ext);
        holder.getSignature(); // a BIT STRING with unused bits cannot hold a DER signature
    }

    private static X500Name checkedName(X500Name name) {
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                atv.getType();
                atv.getValue();
            }
        }
        name.toString();
        return name;
    }

    /** RFC 5280 §4.2.1.9: INTEGER (0..MAX); a negative value is malformed, a huge one as good as unlimited. */
    private static int pathLength(BasicConstraints bc) {
        if (bc == null || !bc.isCA() || bc.getPathLenConstraint() == null) {
            return -1;
        }
        BigInteger n = bc.getPathLenConstraint();
        if (n.signum() < 0) {
            throw new MalformedEncodingException("basicConstraints pathLenConstraint is negative (" + n + ")");
        }
        return n.bitLength() > 30 ? Integer.MAX_VALUE : n.intValue();
    }

    private static List<String> dnsNames(Extensions ext) {
        GeneralNames names = GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
        List<String> out = new ArrayList<>();
        if (names != null) {
            for (GeneralName n : names.getNames()) {
                if (n.getTagNo() == GeneralName.dNSName) {
                    out.add(n.getName().toString());
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<byte[]> ipAddresses(Extensions ext) {
        GeneralNames names = GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
        List<byte[]> out = new ArrayList<>();
        if (names != null) {
            for (GeneralName n : names.getNames()) {
                if (n.getTagNo() == GeneralName.iPAddress) {
                    out.add(org.bouncycastle.asn1.ASN1OctetString.getInstance(n.getName()).getOctets());
                }
            }
        }
        return List.copyOf(out);
    }

    /** RFC 5280 §4.2.1.12: KeyPurposeId SEQUENCE SIZE (1..MAX); null when the extension is absent. */
    private static List<ASN1ObjectIdentifier> extendedKeyUsages(Extensions ext) {
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(ext);
        if (eku == null) {
            return null;
        }
        KeyPurposeId[] usages = eku.getUsages();
        if (usages.length == 0) {
            throw new MalformedEncodingException("the extendedKeyUsage extension names no purpose (RFC 5280 "
                    + "§4.2.1.12 requires at least one)");
        }
        List<ASN1ObjectIdentifier> out = new ArrayList<>();
        for (KeyPurposeId k : usages) {
            out.add(k.toOID());
        }
        return List.copyOf(out);
    }

    /**
     * Parses one DER certificate; trailing bytes and non-SM2 keys are refused. (Versions 1 and 2 parse, as RFC 5280
     * allows for trust anchors; without extensions such a certificate can be nothing but an anchor or a leaf.)
     */
    public static Sm2Certificate fromDer(byte[] der) {
        Certificate c;
        try {
            c = Certificate.getInstance(org.bouncycastle.asn1.ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            // BC's ASN.1 classes report wrong structures with assorted runtime exceptions.
            throw MalformedEncodingException.of("not a DER X.509 certificate", e);
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
        try {
            return new Sm2Certificate(new X509CertificateHolder(c), der.clone());
        } catch (MalformedEncodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MalformedEncodingException.of("malformed X.509 certificate", e);
        }
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

    /** The DER itself, not a copy: for this package's caches, which never change it. */
    byte[] der() {
        return encoded;
    }

    /** SM3 over the DER, computed once per object (the verifier's signature memory is keyed by it). */
    byte[] sm3(CryptoModule module) {
        return sm3.of(module, encoded);
    }

    public String toPem() {
        return Pem.encode("CERTIFICATE", encoded);
    }

    public X500Name subject() {
        return subject;
    }

    public X500Name issuer() {
        return issuer;
    }

    public BigInteger serialNumber() {
        return holder.getSerialNumber();
    }

    /** The serial number in upper-case hex, as ops read it in logs and reports. */
    public String serialHex() {
        return holder.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
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
        return ca;
    }

    /** The pathLenConstraint of a CA certificate, or -1 when unlimited or not a CA. */
    public int pathLengthConstraint() {
        return pathLength;
    }

    public boolean isSelfIssued() {
        return subject.equals(issuer);
    }

    /** The subjectKeyIdentifier, or null. */
    public byte[] subjectKeyIdentifier() {
        return ski == null ? null : ski.clone();
    }

    /** The keyIdentifier of authorityKeyIdentifier, or null. */
    public byte[] authorityKeyIdentifier() {
        return aki == null ? null : aki.clone();
    }

    /** DNS names of subjectAltName. */
    public List<String> dnsNames() {
        return dnsNames;
    }

    /**
     * IP addresses of subjectAltName (iPAddress, RFC 5280 §4.2.1.6): IPv4 as {@code 192.0.2.1}, IPv6 in the RFC 5952
     * form ({@code 2001:db8::1}); an entry of another length than 4 or 16 octets (not an address) as {@code #} and hex.
     */
    public List<String> ipAddresses() {
        return ipAddresses.stream().map(IpAddressText::format).toList();
    }

    /** The iPAddress entries as octets, for matching ({@link ReferenceIdentity}); the arrays are not to be changed. */
    List<byte[]> ipAddressOctets() {
        return ipAddresses;
    }

    /** The key purposes of the extendedKeyUsage extension; empty when it is absent. */
    public List<ASN1ObjectIdentifier> extendedKeyUsages() {
        return extendedKeyUsages == null ? List.of() : extendedKeyUsages;
    }

    public boolean hasExtendedKeyUsageExtension() {
        return extendedKeyUsages != null;
    }

    /**
     * Whether the extendedKeyUsage extension allows {@code purpose}: it is absent (no restriction by purpose), or it
     * names {@code purpose} or anyExtendedKeyUsage (RFC 5280 §4.2.1.12: when present, the certificate "MUST only be
     * used for one of the purposes indicated").
     */
    public boolean permitsExtendedKeyUsage(ASN1ObjectIdentifier purpose) {
        return extendedKeyUsages == null || extendedKeyUsages.contains(purpose)
                || extendedKeyUsages.contains(ExtendedKeyUsages.ANY);
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
