package io.gmgw.crypto.pki;

import java.util.Optional;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;

/**
 * Whether a CRL is a complete CRL for a certificate, the only kind gmgw's revocation checks read (a serial that is
 * absent means "not revoked" only when the CRL lists every revoked certificate of its issuer in that certificate's
 * class). One rule for the TLCP verifier ({@link RevocationChecker}) and the TLS one; it looks at the extension
 * whether or not it is marked critical, because a CRL that marks it non-critical (against RFC 5280) narrows its
 * scope all the same. Not complete, so unusable:
 * <ul>
 *   <li>a delta CRL (deltaCRLIndicator, RFC 5280 §5.2.4): it lists only the changes since a base CRL;
 *   <li>an issuingDistributionPoint (§5.2.5) with indirectCRL (it may list other issuers' certificates, and this
 *       issuer's may be on another CRL), onlySomeReasons (a certificate revoked for another reason is not on it),
 *       onlyContainsAttributeCerts or onlyContainsCACerts (no end-entity certificate is on it), or
 *       onlyContainsUserCerts when the certificate checked is a CA's.
 * </ul>
 * The distribution-point name of an issuingDistributionPoint alone does not narrow a CRL here: gmgw reads the CRLs
 * the operator configured, not those a certificate points to.
 */
public final class CrlScope {
    private CrlScope() {
    }

    /**
     * Empty when a CRL with {@code crlExtensions} (null: none) is complete for a certificate that is a CA's when
     * {@code forCaCertificate}; else why not, as a phrase that completes "the CRL cannot be used: ...".
     */
    public static Optional<String> incompleteFor(Extensions crlExtensions, boolean forCaCertificate) {
        if (crlExtensions == null) {
            return Optional.empty();
        }
        if (crlExtensions.getExtension(Extension.deltaCRLIndicator) != null) {
            return Optional.of("it is a delta CRL (deltaCRLIndicator, RFC 5280 §5.2.4), which lists only the changes "
                    + "since a base CRL");
        }
        Extension ext = crlExtensions.getExtension(Extension.issuingDistributionPoint);
        if (ext == null) {
            return Optional.empty();
        }
        IssuingDistributionPoint idp;
        try {
            idp = IssuingDistributionPoint.getInstance(ext.getParsedValue());
        } catch (IllegalArgumentException e) {
            return Optional.of("its issuingDistributionPoint cannot be read (" + e.getMessage() + ")");
        }
        String why;
        if (idp.isIndirectCRL()) {
            why = "it is an indirect CRL, which may list other issuers' certificates";
        } else if (idp.getOnlySomeReasons() != null) {
            why = "it covers only some revocation reasons (onlySomeReasons)";
        } else if (idp.onlyContainsAttributeCerts()) {
            why = "it lists only attribute certificates (onlyContainsAttributeCerts)";
        } else if (idp.onlyContainsCACerts()) {
            why = "it lists only CA certificates (onlyContainsCACerts)";
        } else if (idp.onlyContainsUserCerts() && forCaCertificate) {
            why = "it lists only end-entity certificates (onlyContainsUserCerts) and the certificate is a CA's";
        } else {
            return Optional.empty();
        }
        return Optional.of(why + ": its issuingDistributionPoint narrows its scope (RFC 5280 §5.2.5)");
    }
}
