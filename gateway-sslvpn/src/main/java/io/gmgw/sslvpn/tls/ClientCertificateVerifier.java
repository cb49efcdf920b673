package io.gmgw.sslvpn.tls;

import io.gmgw.crypto.pki.CrlScope;
import io.gmgw.crypto.pki.RevocationPolicy;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * Checks a TLS client's certificate chain: a PKIX path (RFC 5280 §6, the JDK's validator: signatures, validity,
 * basic constraints, name constraints, key usage of the CAs) to one of the configured trust anchors, then revocation
 * of every certificate on the path from the configured CRLs alone (nothing is fetched: no CRL distribution point, no
 * OCSP), then the end entity's fitness for client authentication. Each refusal is a {@link TlsFatalAlert} with the
 * alert a client should see (RFC 8446 §6.2, the same choice as TLCP's for the same failure):
 * certificate_revoked, certificate_expired, unknown_ca, unsupported_certificate, certificate_unknown (a CRL that
 * cannot settle the question) or bad_certificate (anything else about the chain).
 *
 * <p>Immutable: a CRL reload builds a new verifier (see {@link TlsServerConfig.Builder#clientVerifier}).
 */
public final class ClientCertificateVerifier {
    /** Longest chain a client may present: deeper PKIs than this are not seen at VPN gateways. */
    static final int MAX_CHAIN = 8;
    private static final String CLIENT_AUTH_EKU = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int CRL_SIGN = 6;

    private final List<X509Certificate> anchors;
    private final Set<TrustAnchor> trustAnchors;
    private final List<X509CRL> crls;
    /** Each CRL's extensions, read once here rather than on every handshake ({@link CrlScope} reads them). */
    private final Map<X509CRL, Extensions> crlExtensions = new IdentityHashMap<>();
    private final RevocationPolicy policy;
    private final Clock clock;

    public ClientCertificateVerifier(List<X509Certificate> anchors, List<X509CRL> crls, RevocationPolicy policy,
            Clock clock) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("client-certificate verification needs at least one trust anchor");
        }
        this.anchors = List.copyOf(anchors);
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate a : anchors) {
            set.add(new TrustAnchor(a, null));
        }
        this.trustAnchors = Set.copyOf(set);
        this.crls = List.copyOf(crls);
        for (X509CRL crl : this.crls) {
            try {
                crlExtensions.put(crl, CertificateList.getInstance(crl.getEncoded()).getTBSCertList()
                        .getExtensions());
            } catch (CRLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("the CRL of " + crl.getIssuerX500Principal().getName()
                        + " cannot be read: " + e.getMessage(), e);
            }
        }
        this.policy = Objects.requireNonNull(policy, "revocation policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The anchors' subjects, sent in CertificateRequest's certificate_authorities so a client picks the right one. */
    public List<X500Principal> authorities() {
        return anchors.stream().map(X509Certificate::getSubjectX500Principal).toList();
    }

    public List<X509Certificate> anchors() {
        return anchors;
    }

    /**
     * Verifies {@code chain} (end entity first, as TLS sends it: RFC 8446 §4.4.2) at the clock's instant; returns the
     * validated path, end entity first, without the anchor.
     */
    public List<X509Certificate> verify(List<X509Certificate> chain) throws TlsFatalAlert {
        if (chain.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "the client sent an empty certificate chain");
        }
        if (chain.size() > MAX_CHAIN) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "the client sent " + chain.size()
                    + " certificates; at most " + MAX_CHAIN + " are accepted");
        }
        Instant now = clock.instant();
        List<X509Certificate> path = orderedPath(chain);
        try {
            PKIXParameters params = new PKIXParameters(trustAnchors);
            params.setRevocationEnabled(false); // revocation is checked below from the configured CRLs only
            params.setDate(Date.from(now));
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
        } catch (CertPathValidatorException e) {
            throw new TlsFatalAlert(alertFor(e), "client certificate " + describe(chain.getFirst())
                    + " does not verify: " + e.getMessage(), e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "trust anchors unusable: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "client certificate chain unreadable: "
                    + e.getMessage(), e);
        }
        checkRevocation(path, now);
        checkClientUse(path.getFirst());
        return path;
    }

    /**
     * The end entity, then each issuer found among the presented certificates by name, until an anchor's subject is
     * the issuer; a presented copy of an anchor, and certificates off the path, are left out (RFC 8446 §4.4.2 lets a
     * client send extra or unordered CA certificates).
     */
    private List<X509Certificate> orderedPath(List<X509Certificate> chain) {
        Set<X500Principal> anchorNames = new HashSet<>(authorities());
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate current = chain.getFirst();
        path.add(current);
        while (!anchorNames.contains(current.getIssuerX500Principal()) && path.size() < chain.size()) {
            X509Certificate next = null;
            for (X509Certificate c : chain) {
                if (!path.contains(c) && c.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break; // the validator reports the missing issuer
            }
            path.add(next);
            current = next;
        }
        return path;
    }

    private static short alertFor(CertPathValidatorException e) {
        if (e.getReason() instanceof CertPathValidatorException.BasicReason basic) {
            return switch (basic) {
                case EXPIRED, NOT_YET_VALID -> AlertDescription.certificate_expired;
                case REVOKED -> AlertDescription.certificate_revoked;
                case ALGORITHM_CONSTRAINED -> AlertDescription.unsupported_certificate;
                case UNDETERMINED_REVOCATION_STATUS -> AlertDescription.certificate_unknown;
                default -> AlertDescription.bad_certificate;
            };
        }
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            return AlertDescription.unknown_ca;
        }
        if (e.getReason() == PKIXReason.INVALID_KEY_USAGE) {
            return AlertDescription.unsupported_certificate;
        }
        return AlertDescription.bad_certificate;
    }

    /**
     * Every certificate on the path against its issuer's CRLs (RFC 5280 §6.3, simplified to complete CRLs signed by
     * the certificate's issuer): the CRL's signature by the issuer's key, the issuer's right to sign CRLs (cRLSign when
     * it has keyUsage, §4.2.1.3), a complete CRL for the certificate ({@link CrlScope}: no delta CRL, no
     * issuingDistributionPoint that narrows the scope), its validity window at {@code now}, then the serial. A CRL
     * that fails the right or the scope is unusable, as if absent: with {@link RevocationPolicy#REQUIRE} every
     * certificate must be covered by a usable one, and the refusal says why the configured one was not.
     */
    private void checkRevocation(List<X509Certificate> path, Instant now) throws TlsFatalAlert {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate cert = path.get(i);
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchorOf(cert);
            boolean covered = false;
            String unusable = null;
            for (X509CRL crl : crls) {
                if (!crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
                    continue;
                }
                try {
                    crl.verify(issuer.getPublicKey());
                } catch (GeneralSecurityException e) {
                    continue; // another CA of the same name, or a forgery: this CRL says nothing about cert
                }
                String why = unusable(crl, cert, issuer);
                if (why != null) {
                    unusable = why;
                    continue;
                }
                if (crl.getThisUpdate().toInstant().isAfter(now)) {
                    continue;
                }
                if (crl.getNextUpdate() == null || crl.getNextUpdate().toInstant().isBefore(now)) {
                    throw new TlsFatalAlert(AlertDescription.certificate_unknown, "the CRL of "
                            + cert.getIssuerX500Principal().getName() + " is past its nextUpdate "
                            + crl.getNextUpdate() + ": reload a current CRL");
                }
                covered = true;
                X509CRLEntry entry = crl.getRevokedCertificate(cert);
                if (entry != null && !entry.getRevocationDate().toInstant().isAfter(now)) {
                    throw new TlsFatalAlert(AlertDescription.certificate_revoked, "certificate " + describe(cert)
                            + " is revoked since " + entry.getRevocationDate().toInstant()
                            + (entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")"));
                }
            }
            if (!covered && policy == RevocationPolicy.REQUIRE) {
                throw new TlsFatalAlert(AlertDescription.certificate_unknown, unusable != null
                        ? "the revocation status of " + describe(cert) + " is unknown: the configured CRL of "
                                + cert.getIssuerX500Principal().getName() + " cannot be used: " + unusable
                                + "; configure the CA's complete CRL"
                        : "no current CRL of " + cert.getIssuerX500Principal().getName() + " is configured, and"
                                + " revocation checking is required: add its CRL file");
            }
        }
    }

    /** Null when {@code crl}, signed by {@code issuer}, can tell whether {@code cert} is revoked; else why not. */
    private String unusable(X509CRL crl, X509Certificate cert, X509Certificate issuer) {
        boolean[] ku = issuer.getKeyUsage();
        if (ku != null && (ku.length <= CRL_SIGN || !ku[CRL_SIGN])) {
            return "CA certificate " + describe(issuer) + " may not sign CRLs (its keyUsage lacks cRLSign, RFC 5280 "
                    + "§4.2.1.3)";
        }
        return CrlScope.incompleteFor(crlExtensions.get(crl), cert.getBasicConstraints() >= 0)
                .map(why -> "it is not a complete CRL: " + why).orElse(null);
    }

    private X509Certificate anchorOf(X509Certificate cert) throws TlsFatalAlert {
        for (X509Certificate a : anchors) {
            if (a.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                try {
                    cert.verify(a.getPublicKey());
                    return a;
                } catch (GeneralSecurityException e) {
                    // another anchor of the same name
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.unknown_ca, "no trust anchor issued " + describe(cert));
    }

    /** RFC 5280 §4.2.1.3 and §4.2.1.12: a client certificate may sign, and may be used for TLS client auth. */
    private static void checkClientUse(X509Certificate ee) throws TlsFatalAlert {
        boolean[] ku = ee.getKeyUsage();
        if (ku != null && (ku.length <= DIGITAL_SIGNATURE || !ku[DIGITAL_SIGNATURE])) {
            throw new TlsFatalAlert(AlertDescription.unsupported_certificate, "client certificate " + describe(ee)
                    + " does not allow digitalSignature in its keyUsage");
        }
        List<String> eku;
        try {
            eku = ee.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "client certificate " + describe(ee)
                    + " has an unreadable extendedKeyUsage", e);
        }
        if (eku != null && !eku.contains(CLIENT_AUTH_EKU) && !eku.contains(ANY_EKU)) {
            throw new TlsFatalAlert(AlertDescription.unsupported_certificate, "client certificate " + describe(ee)
                    + " is not for client authentication (extendedKeyUsage lacks id-kp-clientAuth)");
        }
    }

    static String describe(X509Certificate c) {
        return "'" + c.getSubjectX500Principal().getName() + "' serial " + c.getSerialNumber().toString(16);
    }
}
