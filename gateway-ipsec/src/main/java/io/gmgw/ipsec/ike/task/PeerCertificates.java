package io.gmgw.ipsec.ike.task;

import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.pki.CertificatePurpose;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.FailureReason;
import io.gmgw.crypto.pki.KeyUsage;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.VerificationResult;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The peer's GM/T 0015 double certificate from its CERT payloads (ipsec.md §2/§3: encoding 4 = signing, 5 =
 * encryption, X.509 DER), each checked through gm-crypto's PKI: a path to a configured trust anchor, validity at the
 * exchange's instant, CRLs per the verifier's policy, and the key usage of its role (signing: digitalSignature or
 * nonRepudiation; encryption: keyEncipherment or dataEncipherment, what receiving a digital envelope needs). Refusals
 * are the RFC 2408 §3.14.1 notifies: CERTIFICATE-UNAVAILABLE (a certificate missing), CERT-TYPE-UNSUPPORTED (another
 * encoding), INVALID-CERT-AUTHORITY (no path to a trust anchor), INVALID-CERTIFICATE (unreadable, expired, revoked,
 * wrong usage, CRL trouble), AUTHENTICATION-FAILED (the two name different subjects).
 */
record PeerCertificates(Sm2Certificate signing, Sm2Certificate encryption) {
    static PeerCertificates verify(IsakmpMessage m, CertificateVerifier verifier, Instant now) {
        List<Certificate> certs = m.all(Certificate.class);
        for (Certificate c : certs) {
            if (c.encoding() != Certificate.X509_SIGNATURE && c.encoding() != Certificate.X509_KEY_EXCHANGE) {
                throw new PeerAuthenticationException(NotifyType.CERT_TYPE_UNSUPPORTED, "certificate encoding "
                        + c.encoding() + " in main mode; the GM profile sends X.509 signing (4) and encryption (5) "
                        + "certificates");
            }
        }
        Sm2Certificate signing = one(certs, Certificate.X509_SIGNATURE, "signing");
        Sm2Certificate encryption = one(certs, Certificate.X509_KEY_EXCHANGE, "encryption");
        check(verifier.verify(signing, List.of(), now, CertificatePurpose.SIGNING), "signing");
        check(verifier.verify(encryption, List.of(), now, CertificatePurpose.ENCRYPTION), "encryption");
        if (encryption.hasKeyUsageExtension() && !encryption.keyUsage().contains(KeyUsage.KEY_ENCIPHERMENT)
                && !encryption.keyUsage().contains(KeyUsage.DATA_ENCIPHERMENT)) {
            throw new PeerAuthenticationException(NotifyType.INVALID_CERTIFICATE, "encryption certificate "
                    + encryption + " has keyUsage " + KeyUsage.describe(encryption.keyUsage()) + "; a digital "
                    + "envelope needs keyEncipherment or dataEncipherment", "encryption", encryption,
                    FailureReason.WRONG_KEY_USAGE);
        }
        if (!signing.subject().equals(encryption.subject())) {
            throw new PeerAuthenticationException(NotifyType.AUTHENTICATION_FAILED, "the signing certificate "
                    + signing + " and the encryption certificate " + encryption + " name different subjects; a "
                    + "double certificate belongs to one entity", "encryption", encryption, null);
        }
        return new PeerCertificates(signing, encryption);
    }

    private static Sm2Certificate one(List<Certificate> certs, int encoding, String role) {
        List<Certificate> found = certs.stream().filter(c -> c.encoding() == encoding).toList();
        if (found.size() != 1) {
            throw new PeerAuthenticationException(found.isEmpty() ? NotifyType.CERTIFICATE_UNAVAILABLE
                    : NotifyType.INVALID_CERTIFICATE, found.size() + " " + role + " certificates (CERT encoding "
                    + encoding + ") where the GM main mode carries exactly one", role, null, null);
        }
        try {
            return Sm2Certificate.fromDer(found.getFirst().data().toByteArray());
        } catch (MalformedEncodingException e) {
            throw new PeerAuthenticationException(NotifyType.INVALID_CERTIFICATE, "the " + role + " certificate "
                    + "cannot be read: " + e.getMessage(), role, null, FailureReason.MALFORMED);
        }
    }

    private static void check(VerificationResult r, String role) {
        if (r instanceof VerificationResult.Invalid i) {
            int notify = i.reason() == FailureReason.UNKNOWN_CA ? NotifyType.INVALID_CERT_AUTHORITY
                    : NotifyType.INVALID_CERTIFICATE;
            throw new PeerAuthenticationException(notify, "the peer's " + role + " certificate is refused: "
                    + i.reason() + ": " + i.message(), role, i.certificate(), i.reason());
        }
    }
}
