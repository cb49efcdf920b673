package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * An X.509 CRL (RFC 5280 §5) signed with SM3withSM2, as a GM/T 0015 CA publishes it. Immutable; the DER it was parsed
 * from is kept exactly. Entries are indexed by serial number when parsed, so a lookup does not walk the list.
 *
 * <p>Parsing checks structure only; whether the CRL is authentic and current is for whoever uses it
 * ({@link #isSignedBy}, {@link #thisUpdate()}, {@link #nextUpdate()}; {@link CertificateVerifier} does both).
 */
public final class Sm2Crl {
    public static final String PEM_LABEL = "X509 CRL";

    /** Extensions gmgw processes; any other one marked critical makes the CRL unusable (RFC 5280 §5.2, §5.3). */
    private static final Set<ASN1ObjectIdentifier> KNOWN_CRL_EXTENSIONS = Set.of(Extension.cRLNumber,
            Extension.authorityKeyIdentifier);
    private static final Set<ASN1ObjectIdentifier> KNOWN_ENTRY_EXTENSIONS = Set.of(Extension.reasonCode,
            Extension.invalidityDate);

    private final X509CRLHolder holder;
    private final byte[] encoded;
    private final Map<BigInteger, RevokedCertificate> entries;
    private final List<RevokedCertificate> entryList;
    private final List<ASN1ObjectIdentifier> unsupportedCritical;
    private final BigInteger crlNumber;
    /** SM3 of {@link #encoded}, taken the first time a verifier needs it ({@link VerifiedSignatures}). */
    private final OnceSm3 sm3 = new OnceSm3();

    private Sm2Crl(CertificateList list, byte[] encoded) {
        this.holder = new X509CRLHolder(list);
        this.encoded = encoded;
        // BC decodes names and extension values lazily; decode them now so that a bad one is malformed here.
        holder.getIssuer().toString();
        Extensions crlExtensions = list.getTBSCertList().getExtensions();
        if (crlExtensions != null) {
            for (ASN1ObjectIdentifier oid : crlExtensions.getExtensionOIDs()) {
                crlExtensions.getExtensionParsedValue(oid);
            }
        }
        AuthorityKeyIdentifier.fromExtensions(crlExtensions);
        list.getSignature().getOctets();
        List<ASN1ObjectIdentifier> unsupported = new ArrayList<>(unknownCritical(list.getTBSCertList().getExtensions(),
                KNOWN_CRL_EXTENSIONS));
        Map<BigInteger, RevokedCertificate> map = new HashMap<>();
        List<RevokedCertificate> inOrder = new ArrayList<>();
        for (TBSCertList.CRLEntry e : list.getRevokedCertificates()) {
            RevokedCertificate entry = new RevokedCertificate(e.getUserCertificate().getValue(),
                    e.getRevocationDate().getDate().toInstant(), reason(e.getExtensions()));
            if (map.putIfAbsent(entry.serialNumber(), entry) == null) {
                inOrder.add(entry);
            }
            for (ASN1ObjectIdentifier oid : unknownCritical(e.getExtensions(), KNOWN_ENTRY_EXTENSIONS)) {
                if (!unsupported.contains(oid)) {
                    unsupported.add(oid);
                }
            }
        }
        this.entries = map;
        this.entryList = Collections.unmodifiableList(inOrder);
        this.unsupportedCritical = List.copyOf(unsupported);
        try {
            CRLNumber n = list.getTBSCertList().getExtensions() == null ? null
                    : CRLNumber.getInstance(list.getTBSCertList().getExtensions().getExtensionParsedValue(Extension.cRLNumber));
            this.crlNumber = n == null ? null : n.getCRLNumber();
        } catch (RuntimeException e) {
            throw MalformedEncodingException.of("CRL of '" + holder.getIssuer() + "' has a malformed cRLNumber", e);
        }
    }

    /** Parses one DER CRL; trailing bytes and malformed entries are refused. The signature is not checked here. */
    public static Sm2Crl fromDer(byte[] der) {
        CertificateList list;
        byte[] reencoded;
        try {
            list = CertificateList.getInstance(ASN1Primitive.fromByteArray(der));
            reencoded = list == null ? null : list.getEncoded("DER");
        } catch (IOException | RuntimeException e) {
            // BC's ASN.1 classes report wrong structures with assorted runtime exceptions.
            throw MalformedEncodingException.of("not a DER X.509 CRL", e);
        }
        if (list == null) {
            throw new MalformedEncodingException("not a DER X.509 CRL: empty input");
        }
        if (!Arrays.equals(reencoded, der)) {
            throw new MalformedEncodingException("CRL is not strict DER (or has trailing bytes)");
        }
        try {
            return new Sm2Crl(list, der.clone());
        } catch (MalformedEncodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MalformedEncodingException.of("malformed X.509 CRL", e);
        }
    }

    /** The CRLs of a PEM text ({@code X509 CRL} blocks), in file order. */
    public static List<Sm2Crl> fromPem(String pem) {
        List<Sm2Crl> out = new ArrayList<>();
        for (byte[] der : Pem.blocks(pem, PEM_LABEL)) {
            out.add(fromDer(der));
        }
        return out;
    }

    public X500Name issuer() {
        return holder.getIssuer();
    }

    /** 1 or 2 (v2 when the CRL carries extensions, RFC 5280 §5.1.2.1). */
    public int version() {
        return holder.toASN1Structure().getVersionNumber();
    }

    public Instant thisUpdate() {
        return holder.getThisUpdate().toInstant();
    }

    /** When the next CRL is due; RFC 5280 §5.1.2.5 makes it mandatory for conforming CAs. */
    public Optional<Instant> nextUpdate() {
        return Optional.ofNullable(holder.getNextUpdate()).map(java.util.Date::toInstant);
    }

    /** The cRLNumber extension (RFC 5280 §5.2.3), a sequence number that grows with each CRL of the issuer. */
    public Optional<BigInteger> crlNumber() {
        return Optional.ofNullable(crlNumber);
    }

    /** The keyIdentifier of authorityKeyIdentifier, or null. */
    public byte[] authorityKeyIdentifier() {
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(holder.getExtensions());
        return aki == null ? null : aki.getKeyIdentifier();
    }

    /** Every entry, in CRL order (a serial listed twice is kept once, first entry winning). */
    public List<RevokedCertificate> revoked() {
        return entryList;
    }

    /** The entry for {@code serialNumber}, if it is listed. */
    public Optional<RevokedCertificate> find(BigInteger serialNumber) {
        return Optional.ofNullable(entries.get(serialNumber));
    }

    /**
     * Critical extensions of the CRL or of its entries that gmgw does not process (delta CRLs, issuing distribution
     * points, indirect CRLs' certificateIssuer, …). RFC 5280 §5.2 and §5.3: such a CRL must not be used to decide
     * whether a certificate is revoked.
     */
    public List<ASN1ObjectIdentifier> unsupportedCriticalExtensions() {
        return unsupportedCritical;
    }

    public ASN1ObjectIdentifier signatureAlgorithm() {
        return holder.toASN1Structure().getSignatureAlgorithm().getAlgorithm();
    }

    /**
     * Whether the CRL's signature (SM3withSM2 over the DER TBSCertList) verifies under {@code issuerKey} with SM2 user
     * ID {@code userId}. False, never an exception, for another algorithm or a bad signature.
     */
    public boolean isSignedBy(CryptoModule module, Sm2PublicKey issuerKey, byte[] userId) {
        CertificateList list = holder.toASN1Structure();
        if (!Sm2Certificate.SM3_WITH_SM2.equals(signatureAlgorithm())
                || !list.getSignatureAlgorithm().equals(list.getTBSCertList().getSignature())) {
            return false;
        }
        byte[] tbs;
        try {
            tbs = list.getTBSCertList().getEncoded("DER");
        } catch (IOException e) {
            return false;
        }
        return module.sm2().verify(issuerKey, tbs, list.getSignature().getOctets(), userId);
    }

    public Extensions extensions() {
        return holder.getExtensions();
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    /** SM3 over the DER, computed once per object (the verifier's signature memory is keyed by it). */
    byte[] sm3(CryptoModule module) {
        return sm3.of(module, encoded);
    }

    public String toPem() {
        return Pem.encode(PEM_LABEL, encoded);
    }

    /** Bouncy Castle's view. */
    public X509CRLHolder toHolder() {
        return holder;
    }

    private static RevocationReason reason(Extensions ext) {
        if (ext == null || ext.getExtension(Extension.reasonCode) == null) {
            return RevocationReason.UNSPECIFIED;
        }
        CRLReason r = CRLReason.getInstance(ext.getExtensionParsedValue(Extension.reasonCode));
        return RevocationReason.fromCode(r.getValue().intValueExact());
    }

    private static List<ASN1ObjectIdentifier> unknownCritical(Extensions ext, Set<ASN1ObjectIdentifier> known) {
        List<ASN1ObjectIdentifier> out = new ArrayList<>();
        if (ext != null) {
            for (ASN1ObjectIdentifier oid : ext.getCriticalExtensionOIDs()) {
                if (!known.contains(oid)) {
                    out.add(oid);
                }
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sm2Crl c && Arrays.equals(c.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    /** Issuer, number and period, for logs and error messages. */
    @Override
    public String toString() {
        return "CRL of '" + issuer() + "'" + (crlNumber == null ? "" : " (number " + crlNumber + ")")
                + " issued " + thisUpdate() + nextUpdate().map(n -> ", next update " + n).orElse(", no next update");
    }
}
