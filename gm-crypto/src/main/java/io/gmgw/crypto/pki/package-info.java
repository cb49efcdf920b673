/**
 * gmgw's SM2 PKI (GM/T 0015-2012 / GB/T 20518-2018 certificates on RFC 5280).
 *
 * <ul>
 *   <li>Reading: {@link io.gmgw.crypto.pki.Sm2Certificate}, {@link io.gmgw.crypto.pki.Sm2Crl},
 *       {@link io.gmgw.crypto.pki.Sm2CertificationRequest}, {@link io.gmgw.crypto.pki.Pem}.
 *   <li>Verifying: {@link io.gmgw.crypto.pki.CertificateVerifier} builds and checks certification paths (signatures,
 *       validity, CA constraints, critical extensions, CRLs, key usage for a
 *       {@link io.gmgw.crypto.pki.CertificatePurpose}) and returns a {@link io.gmgw.crypto.pki.VerificationResult}
 *       whose failures carry a {@link io.gmgw.crypto.pki.FailureReason} for alerts and exit codes.
 *   <li>Double certificates: {@link io.gmgw.crypto.pki.DoubleCertificates} tells the signing and the encryption
 *       certificate of a pair apart by key usage.
 *   <li>Issuing: {@link io.gmgw.crypto.pki.CertificateIssuer} (roots, intermediates, signing and encryption end
 *       entities, from requests), {@link io.gmgw.crypto.pki.CrlIssuer} and
 *       {@link io.gmgw.crypto.pki.Sm2CertificationRequest#create}, all signing through a
 *       {@link io.gmgw.crypto.sm2.Sm2Signer} (every key handle is one) with {@link io.gmgw.crypto.pki.Sm2ContentSigner}.
 * </ul>
 *
 * <p>Failures are logged on the {@code pki} logger, one line each.
 */
package io.gmgw.crypto.pki;
