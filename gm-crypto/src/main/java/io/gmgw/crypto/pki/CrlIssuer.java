package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;

/**
 * Issues v2 CRLs (RFC 5280 §5) for a CA on Bouncy Castle's {@link X509v2CRLBuilder}, signed through the CA's
 * {@link Sm2Signer} with SM3withSM2 (parameters absent, default SM2 user ID, as GM/T 0015 signs everything in the
 * PKI): issuer name copied from the CA certificate, thisUpdate from the module clock, nextUpdate always present
 * (§5.1.2.5), authorityKeyIdentifier (§5.2.1) and cRLNumber (§5.2.3), both mandatory for conforming CAs, and each
 * entry's reasonCode (§5.3.1, omitted for {@link RevocationReason#UNSPECIFIED} as that clause asks). Thread-safe.
 */
public final class CrlIssuer {
    /** RFC 5280 §5.2.3: a CRL number fits in 20 octets. */
    private static final int MAX_CRL_NUMBER_BITS = 159;

    private final CryptoModule module;
    private final Sm2Certificate ca;
    private final Sm2Signer caKey;

    public CrlIssuer(CryptoModule module, Sm2Certificate caCertificate, Sm2Signer caKey) {
        this.module = Objects.requireNonNull(module, "module");
        this.ca = Objects.requireNonNull(caCertificate, "caCertificate");
        this.caKey = Objects.requireNonNull(caKey, "caKey");
        if (!caKey.publicKey().equals(ca.publicKey())) {
            throw new IssuanceException("key " + caKey.description() + " does not belong to CA certificate " + ca
                    + " (their public keys differ)");
        }
        if (ca.hasKeyUsageExtension() && !ca.keyUsage().contains(KeyUsage.CRL_SIGN)) {
            throw new IssuanceException("CA certificate " + ca + " lacks keyUsage cRLSign (RFC 5280 §4.2.1.3); "
                    + "CRLs it signs would be refused");
        }
    }

    /**
     * A CRL numbered {@code crlNumber} listing {@code revoked}, issued now and due again after {@code nextUpdateIn}.
     * The caller keeps the numbers increasing (the {@code gmgw pki} command stores the last one beside the CA).
     */
    public Sm2Crl issue(BigInteger crlNumber, Duration nextUpdateIn, Collection<RevokedCertificate> revoked) {
        Objects.requireNonNull(crlNumber, "crlNumber");
        if (crlNumber.signum() < 0 || crlNumber.bitLength() > MAX_CRL_NUMBER_BITS) {
            throw new IllegalArgumentException("CRL number must be a non-negative integer of at most 20 octets "
                    + "(RFC 5280 §5.2.3), got " + crlNumber);
        }
        if (nextUpdateIn.isNegative() || nextUpdateIn.isZero()) {
            throw new IllegalArgumentException("nextUpdate must be after thisUpdate, got an interval of " + nextUpdateIn);
        }
        Instant thisUpdate = CertificateIssuer.now(module);
        X509v2CRLBuilder b = new X509v2CRLBuilder(ca.subject(), Date.from(thisUpdate));
        b.setNextUpdate(Date.from(thisUpdate.plus(nextUpdateIn)));
        for (RevokedCertificate r : revoked) {
            // BC writes the reasonCode extension only for a non-zero reason.
            b.addCRLEntry(r.serialNumber(), Date.from(r.revocationDate()), r.reason().code());
        }
        Sm2Crl crl;
        try {
            b.addExtension(Extension.authorityKeyIdentifier, false, KeyIdentifiers.authorityKeyIdentifier(module, ca));
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
            crl = Sm2Crl.fromDer(b.build(new Sm2ContentSigner(caKey)).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!crl.isSignedBy(module, caKey.publicKey(), Sm2.defaultUserId())) {
            throw new IssuanceException("the signature made by " + caKey.description() + " on " + crl
                    + " does not verify with its public key; the key or token is faulty");
        }
        return crl;
    }
}
