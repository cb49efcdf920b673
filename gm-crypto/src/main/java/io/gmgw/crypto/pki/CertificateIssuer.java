package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.crypto.sm2.Sm2Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Issues GM/T 0015 certificates from a CA certificate and the {@link Sm2Signer} of its key, on Bouncy Castle's
 * {@link X509v3CertificateBuilder}: X.509 v3, SM3withSM2 with absent parameters and the default SM2 user ID, positive
 * random serials of 127 bits from the module's DRBG (RFC 5280 §4.1.2.2: at most 20 octets, unique per CA through the
 * {@link SerialNumberLedger}), validity starting at the module clock's current second, the issuer name copied byte for
 * byte from the CA certificate's subject (RFC 5280 §4.1.2.4), and the extensions of each {@link CertificateProfile}.
 *
 * <p>Thread-safe: the ledger and the module are; each signature gets its own {@link Sm2ContentSigner}.
 */
public final class CertificateIssuer {
    private static final int SERIAL_ATTEMPTS = 8;

    private final CryptoModule module;
    private final Sm2Certificate ca;
    private final Sm2Signer caKey;
    private final SerialNumberLedger serials;

    /** An issuer whose used serial numbers are remembered in memory only. */
    public CertificateIssuer(CryptoModule module, Sm2Certificate caCertificate, Sm2Signer caKey) {
        this(module, caCertificate, caKey, SerialNumberLedger.inMemory());
    }

    public CertificateIssuer(CryptoModule module, Sm2Certificate caCertificate, Sm2Signer caKey,
            SerialNumberLedger serials) {
        this.module = Objects.requireNonNull(module, "module");
        this.ca = Objects.requireNonNull(caCertificate, "caCertificate");
        this.caKey = Objects.requireNonNull(caKey, "caKey");
        this.serials = Objects.requireNonNull(serials, "serials");
        if (!caKey.publicKey().equals(ca.publicKey())) {
            throw new IssuanceException("key " + caKey.description() + " does not belong to CA certificate " + ca
                    + " (their public keys differ)");
        }
        if (!ca.isCa()) {
            throw new IssuanceException("certificate " + ca + " is not a CA certificate (basicConstraints cA is not "
                    + "set, RFC 5280 §4.2.1.9); it cannot issue certificates");
        }
        if (ca.hasKeyUsageExtension() && !ca.keyUsage().contains(KeyUsage.KEY_CERT_SIGN)) {
            throw new IssuanceException("CA certificate " + ca + " lacks keyUsage keyCertSign (RFC 5280 §4.2.1.3); "
                    + "it cannot issue certificates");
        }
    }

    /**
     * A self-signed root CA certificate for {@code key} ({@link CertificateProfile#ROOT_CA}), valid from the module
     * clock's current second for {@code validity}.
     */
    public static Sm2Certificate selfSignedRoot(CryptoModule module, Sm2Signer key, X500Name subject,
            Duration validity) {
        return selfSignedRoot(module, key, subject, validity, SerialNumberLedger.inMemory());
    }

    /** As {@link #selfSignedRoot(CryptoModule, Sm2Signer, X500Name, Duration)}, recording the root's serial. */
    public static Sm2Certificate selfSignedRoot(CryptoModule module, Sm2Signer key, X500Name subject,
            Duration validity, SerialNumberLedger serials) {
        Instant notBefore = now(module);
        Instant notAfter = notAfter(notBefore, validity);
        byte[] keyId = KeyIdentifiers.of(module, key.publicKey());
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(subject, newSerial(module, serials),
                Date.from(notBefore), Date.from(notAfter), subject, key.publicKey().toSubjectPublicKeyInfo());
        try {
            CertificateProfile p = CertificateProfile.ROOT_CA;
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, KeyUsage.toExtension(p.keyUsage()));
            b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId));
            // RFC 5280 §4.2.1.1 lets a self-signed root omit the AKI; writing it (equal to the SKI) helps tools that
            // build paths by key identifier only.
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(keyId));
        } catch (CertIOException e) {
            throw new UncheckedIOException(e);
        }
        return signed(module, b, key);
    }

    /** The certificate of the issuing CA. */
    public Sm2Certificate caCertificate() {
        return ca;
    }

    /** An intermediate CA certificate ({@link CertificateProfile#INTERMEDIATE_CA}, pathLenConstraint 0). */
    public Sm2Certificate intermediateCa(X500Name subject, Sm2PublicKey key, Duration validity) {
        return issue(CertificateProfile.INTERMEDIATE_CA, subject, key, List.of(), validity);
    }

    /**
     * A server certificate named {@code hostName}: subject {@code CN=hostName}, the same name as subjectAltName (a DNS
     * name, or an iPAddress for an IP literal), profile {@link CertificateProfile#SIGNING} or
     * {@link CertificateProfile#ENCRYPTION}.
     */
    public Sm2Certificate server(CertificateProfile profile, String hostName, Sm2PublicKey key, Duration validity) {
        return issue(profile, DistinguishedNames.commonName(hostName), key, List.of(hostName), validity);
    }

    /** A client (VPN user, peer gateway) certificate: no subjectAltName. */
    public Sm2Certificate client(CertificateProfile profile, X500Name subject, Sm2PublicKey key, Duration validity) {
        return issue(profile, subject, key, List.of(), validity);
    }

    /**
     * A certificate for the subject and public key of a PKCS#10 request whose self-signature verifies (GM/T 0015
     * default user ID). Extensions the request asks for are not copied: the profile and {@code hostNames} decide them.
     */
    public Sm2Certificate fromRequest(CertificateProfile profile, Sm2CertificationRequest request,
            List<String> hostNames, Duration validity) {
        if (!request.isSelfSignatureValid(module)) {
            throw new IssuanceException("certification request for '" + request.subject() + "' has a self-signature "
                    + "that does not verify (SM3withSM2, default user ID); it was altered or not signed by its key");
        }
        return issue(profile, request.subject(), request.publicKey(), hostNames, validity);
    }

    /**
     * Issues a certificate of {@code profile} (not {@link CertificateProfile#ROOT_CA}, which is self-signed: see
     * {@link #selfSignedRoot}) to {@code subject} for {@code key}, with {@code hostNames} as subjectAltName (none when
     * empty).
     */
    public Sm2Certificate issue(CertificateProfile profile, X500Name subject, Sm2PublicKey key, List<String> hostNames,
            Duration validity) {
        return issue(profile, subject, key, hostNames, validity, List.of());
    }

    /**
     * As {@link #issue(CertificateProfile, X500Name, Sm2PublicKey, List, Duration)}, with an extendedKeyUsage
     * extension naming {@code extendedKeyUsages} (none when empty; end entities only). It is written non-critical
     * (RFC 5280 §4.2.1.12 leaves that to the issuer): relying parties that check purposes, like gmgw's ACL verifier
     * with {@link ExtendedKeyUsages#ACL_SIGNING}, find it either way.
     */
    public Sm2Certificate issue(CertificateProfile profile, X500Name subject, Sm2PublicKey key, List<String> hostNames,
            Duration validity, List<ASN1ObjectIdentifier> extendedKeyUsages) {
        Objects.requireNonNull(profile, "profile");
        if (!extendedKeyUsages.isEmpty() && profile.isCa()) {
            throw new IllegalArgumentException("an extendedKeyUsage is for end-entity certificates, not a "
                    + profile + " certificate");
        }
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(key, "key");
        if (profile == CertificateProfile.ROOT_CA) {
            throw new IllegalArgumentException("a root CA certificate is self-signed; use CertificateIssuer.selfSignedRoot");
        }
        if (profile.isCa() && ca.pathLengthConstraint() == 0) {
            throw new IssuanceException("CA " + ca + " has pathLenConstraint 0 (RFC 5280 §4.2.1.9): it may issue "
                    + "end-entity certificates only, not the CA certificate '" + subject + "'");
        }
        Instant notBefore = now(module);
        Instant notAfter = notAfter(notBefore, validity);
        if (!ca.isValidAt(notBefore)) {
            throw new IssuanceException("CA certificate " + ca + " is not valid now (" + notBefore + "; valid "
                    + ca.notBefore() + " to " + ca.notAfter() + "); renew the CA or check the clock");
        }
        if (notAfter.isAfter(ca.notAfter())) {
            throw new IssuanceException("requested validity ends " + notAfter + ", after the CA certificate " + ca
                    + " expires (" + ca.notAfter() + "); a shorter validity is needed");
        }
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(ca.subject(), newSerial(module, serials),
                Date.from(notBefore), Date.from(notAfter), subject, key.toSubjectPublicKeyInfo());
        try {
            if (profile.isCa()) {
                BasicConstraints bc = profile.pathLength() == null ? new BasicConstraints(true)
                        : new BasicConstraints(profile.pathLength());
                b.addExtension(Extension.basicConstraints, true, bc);
            }
            b.addExtension(Extension.keyUsage, true, KeyUsage.toExtension(profile.keyUsage()));
            b.addExtension(Extension.subjectKeyIdentifier, false, KeyIdentifiers.subjectKeyIdentifier(module, key));
            b.addExtension(Extension.authorityKeyIdentifier, false, KeyIdentifiers.authorityKeyIdentifier(module, ca));
            if (!extendedKeyUsages.isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(extendedKeyUsages.stream()
                        .map(KeyPurposeId::getInstance).toArray(KeyPurposeId[]::new)));
            }
            if (!hostNames.isEmpty()) {
                // Critical only when the subject is empty (RFC 5280 §4.2.1.6); ours always has one.
                b.addExtension(Extension.subjectAlternativeName, false, SubjectAltNames.of(hostNames));
            }
        } catch (CertIOException e) {
            throw new UncheckedIOException(e);
        }
        return signed(module, b, caKey);
    }

    private static Sm2Certificate signed(CryptoModule module, X509v3CertificateBuilder builder, Sm2Signer key) {
        Sm2Certificate cert;
        try {
            cert = Sm2Certificate.fromDer(builder.build(new Sm2ContentSigner(key)).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A token that signed with another key than it claims would otherwise go unnoticed until a peer refuses the
        // certificate.
        if (!cert.isSignedBy(module, key.publicKey(), Sm2.defaultUserId())) {
            throw new IssuanceException("the signature made by " + key.description() + " on " + cert
                    + " does not verify with its public key; the key or token is faulty");
        }
        return cert;
    }

    /** A positive serial of 127 random bits, claimed in the ledger (RFC 5280 §4.1.2.2, CA/B BR: ≥ 64 random bits). */
    static BigInteger newSerial(CryptoModule module, SerialNumberLedger serials) {
        for (int i = 0; i < SERIAL_ATTEMPTS; i++) {
            byte[] r = new byte[16];
            module.random().nextBytes(r);
            r[0] &= 0x7f;
            BigInteger serial = new BigInteger(1, r);
            if (serial.signum() > 0 && serials.claim(serial)) {
                return serial;
            }
        }
        throw new IssuanceException("no unused serial number after " + SERIAL_ATTEMPTS + " random draws; the "
                + "random bit generator or the serial ledger is faulty");
    }

    static Instant now(CryptoModule module) {
        return module.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant notAfter(Instant notBefore, Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        return notBefore.plus(validity).truncatedTo(ChronoUnit.SECONDS);
    }
}
