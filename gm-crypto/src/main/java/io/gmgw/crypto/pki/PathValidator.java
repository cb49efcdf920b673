package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * Checks one candidate path, anchor to end entity, in the order of RFC 5280 §6.1: for each certificate after the
 * anchor its signature by the previous one (§6.1.3 (a)(1)), its validity at the instant ((a)(2)), its critical
 * extensions (§6.1.4 (o)), its revocation ((a)(3)); then, for every issuer, basicConstraints cA (§6.1.4 (k)), keyUsage
 * keyCertSign ((n)) and the path length ((l), (m)); finally the end entity's keyUsage against the purpose (§4.2.1.3,
 * GM/T 0015 double certificates). The anchor's validity, critical extensions and CA constraints are checked too (as
 * OpenSSL does), but not its self-signature, which proves nothing about trust.
 */
final class PathValidator {
    /** Extensions whose rules gmgw applies (or, for the names, that carry no rule for path validation here). */
    private static final Set<ASN1ObjectIdentifier> PROCESSED = Set.of(Extension.basicConstraints, Extension.keyUsage,
            Extension.subjectKeyIdentifier, Extension.authorityKeyIdentifier, Extension.subjectAlternativeName,
            Extension.extendedKeyUsage);

    private final CryptoModule module;
    private final RevocationChecker revocation;
    private final BiFunction<Sm2Certificate, Sm2Certificate, byte[]> userIds;
    private final VerifiedSignatures verified;

    PathValidator(CryptoModule module, RevocationChecker revocation,
            BiFunction<Sm2Certificate, Sm2Certificate, byte[]> userIds, VerifiedSignatures verified) {
        this.module = module;
        this.revocation = revocation;
        this.userIds = userIds;
        this.verified = verified;
    }

    /**
     * Validates {@code path} (end entity first, anchor last); with {@code extendedKeyUsage} non-null the end entity
     * must name that key purpose in its extendedKeyUsage extension.
     */
    VerificationResult validate(List<Sm2Certificate> path, Instant at, CertificatePurpose purpose,
            ASN1ObjectIdentifier extendedKeyUsage) {
        int n = path.size() - 1;
        Sm2Certificate anchor = path.get(n);
        VerificationResult.Invalid failure = firstOf(validity(anchor, at), criticalExtensions(anchor));
        if (failure != null) {
            return failure;
        }
        if (n == 0) {
            failure = firstOf(purpose(anchor, purpose), extendedKeyUsage(anchor, extendedKeyUsage));
            return failure != null ? failure : new VerificationResult.Valid(path);
        }
        failure = issuer(anchor, path.get(n - 1));
        if (failure != null) {
            return failure;
        }
        // RFC 5280 §6.1.4 (l)/(m): how many more non-self-issued CA certificates may follow, and who said so.
        int remaining = anchor.pathLengthConstraint() >= 0 ? anchor.pathLengthConstraint() : Integer.MAX_VALUE;
        Sm2Certificate limitedBy = anchor;
        for (int i = n - 1; i >= 0; i--) {
            Sm2Certificate cert = path.get(i);
            Sm2Certificate issuer = path.get(i + 1);
            failure = firstOf(signature(cert, issuer), validity(cert, at), criticalExtensions(cert));
            if (failure == null) {
                failure = revocation.check(cert, issuer, at);
            }
            if (failure == null && i > 0) {
                failure = issuer(cert, path.get(i - 1));
                if (failure == null && !cert.isSelfIssued()) {
                    if (remaining == 0) {
                        failure = new VerificationResult.Invalid(FailureReason.PATH_TOO_LONG, limitedBy,
                                "CA certificate " + limitedBy + " allows no further CA certificate below it "
                                + "(pathLenConstraint, RFC 5280 §4.2.1.9), but the path continues with CA "
                                + "certificate " + cert + "; the path is longer than its CA permits");
                    }
                    remaining--;
                }
                if (cert.pathLengthConstraint() >= 0 && cert.pathLengthConstraint() < remaining) {
                    remaining = cert.pathLengthConstraint();
                    limitedBy = cert;
                }
            } else if (failure == null) {
                failure = firstOf(purpose(cert, purpose), extendedKeyUsage(cert, extendedKeyUsage));
            }
            if (failure != null) {
                return failure;
            }
        }
        return new VerificationResult.Valid(path);
    }

    private VerificationResult.Invalid signature(Sm2Certificate cert, Sm2Certificate issuer) {
        AlgorithmIdentifier outer = cert.toHolder().getSignatureAlgorithm();
        AlgorithmIdentifier inner = cert.toHolder().toASN1Structure().getTBSCertificate().getSignature();
        if (!outer.equals(inner)) {
            return new VerificationResult.Invalid(FailureReason.MALFORMED, cert, "certificate " + cert + " names "
                    + "signature algorithm " + inner.getAlgorithm() + " inside and " + outer.getAlgorithm()
                    + " outside; RFC 5280 §4.1.1.2 requires them equal");
        }
        ASN1Encodable params = outer.getParameters();
        if (!Sm2Certificate.SM3_WITH_SM2.equals(outer.getAlgorithm())
                || (params != null && !DERNull.INSTANCE.equals(params))) {
            return new VerificationResult.Invalid(FailureReason.UNSUPPORTED_ALGORITHM, cert, "certificate " + cert
                    + " is signed with algorithm " + outer.getAlgorithm() + (params == null ? "" : " with parameters")
                    + "; gmgw accepts SM3withSM2 (1.2.156.10197.1.501) only, as GM/T 0015 requires");
        }
        byte[] userId = userIds.apply(cert, issuer);
        Sm2PublicKey issuerKey = issuer.publicKey();
        if (!verified.check(cert.sm3(module), issuerKey, userId, () -> cert.isSignedBy(module, issuerKey, userId))) {
            return new VerificationResult.Invalid(FailureReason.BAD_SIGNATURE, cert, "the signature of certificate "
                    + cert + " does not verify with the key of its issuer " + issuer + " and SM2 user ID "
                    + describe(userId) + "; the certificate was altered, or signed by another key or with another "
                    + "user ID (configure the issuer's user ID if its CA does not use the default)");
        }
        return null;
    }

    private static VerificationResult.Invalid validity(Sm2Certificate cert, Instant at) {
        if (at.isAfter(cert.notAfter())) {
            return new VerificationResult.Invalid(FailureReason.EXPIRED, cert, "certificate " + cert + " expired on "
                    + cert.notAfter() + " (checked at " + at + "); renew it or check the clock");
        }
        if (at.isBefore(cert.notBefore())) {
            return new VerificationResult.Invalid(FailureReason.NOT_YET_VALID, cert, "certificate " + cert
                    + " is not valid before " + cert.notBefore() + " (checked at " + at + "); check the clock");
        }
        return null;
    }

    private static VerificationResult.Invalid criticalExtensions(Sm2Certificate cert) {
        Extensions ext = cert.extensions();
        if (ext == null) {
            return null;
        }
        for (ASN1ObjectIdentifier oid : ext.getCriticalExtensionOIDs()) {
            if (!PROCESSED.contains(oid)) {
                return new VerificationResult.Invalid(FailureReason.UNSUPPORTED_CRITICAL_EXTENSION, cert,
                        "certificate " + cert + " has the critical extension " + oid + ", which gmgw does not "
                        + "process; RFC 5280 §4.2 requires refusing it. Reissue the certificate without it, or "
                        + "with it non-critical");
            }
        }
        return null;
    }

    /** {@code ca} as the issuer of {@code issued}: a CA (§4.2.1.9) allowed to sign certificates (§4.2.1.3). */
    private static VerificationResult.Invalid issuer(Sm2Certificate ca, Sm2Certificate issued) {
        if (!ca.isCa()) {
            return new VerificationResult.Invalid(FailureReason.NOT_A_CA, ca, "certificate " + ca + " is used as "
                    + "the issuer of " + issued + " but is not a CA certificate (basicConstraints cA is not set, "
                    + "RFC 5280 §4.2.1.9); an end-entity key cannot issue certificates");
        }
        if (ca.hasKeyUsageExtension() && !ca.keyUsage().contains(KeyUsage.KEY_CERT_SIGN)) {
            return new VerificationResult.Invalid(FailureReason.WRONG_KEY_USAGE, ca, "CA certificate " + ca
                    + " may not sign certificates (its keyUsage " + KeyUsage.describe(ca.keyUsage())
                    + " lacks keyCertSign, RFC 5280 §4.2.1.3), yet it issued " + issued);
        }
        return null;
    }

    private static VerificationResult.Invalid purpose(Sm2Certificate leaf, CertificatePurpose purpose) {
        return switch (purpose) {
            case ANY -> null;
            case CA -> leaf.isCa()
                    ? (leaf.hasKeyUsageExtension() && !leaf.keyUsage().contains(KeyUsage.KEY_CERT_SIGN)
                            ? wrongUsage(leaf, "a CA certificate needs keyCertSign")
                            : null)
                    : new VerificationResult.Invalid(FailureReason.NOT_A_CA, leaf, "certificate " + leaf
                            + " was checked as a CA certificate but is not one (basicConstraints cA is not set, "
                            + "RFC 5280 §4.2.1.9)");
            case SIGNING -> leaf.isSigningCertificate() ? null : wrongUsage(leaf, "signing needs digitalSignature "
                    + "or nonRepudiation (GM/T 0015: the signing certificate of the pair)");
            case ENCRYPTION -> leaf.isEncryptionCertificate() ? null : wrongUsage(leaf, "encryption needs "
                    + "keyEncipherment, dataEncipherment or keyAgreement (GM/T 0015: the encryption certificate of "
                    + "the pair)");
        };
    }

    /**
     * RFC 5280 §4.2.1.12: a relying party that requires a particular purpose may insist that it be named. It is: an
     * absent extension or anyExtendedKeyUsage alone does not stand in for it, because the point of asking for a
     * purpose (an ACL signer) is that the CA issued the certificate for exactly that.
     */
    private static VerificationResult.Invalid extendedKeyUsage(Sm2Certificate leaf, ASN1ObjectIdentifier required) {
        if (required == null || leaf.extendedKeyUsages().contains(required)) {
            return null;
        }
        return new VerificationResult.Invalid(FailureReason.WRONG_KEY_USAGE, leaf, "certificate " + leaf + " has "
                + (leaf.hasExtendedKeyUsageExtension() ? "extendedKeyUsage " + ExtendedKeyUsages.describe(
                        leaf.extendedKeyUsages()) : "no extendedKeyUsage extension") + ", but this use needs "
                + ExtendedKeyUsages.describe(required) + " (RFC 5280 §4.2.1.12); issue a certificate for that purpose");
    }

    private static VerificationResult.Invalid wrongUsage(Sm2Certificate leaf, String need) {
        String has = leaf.hasKeyUsageExtension() ? "keyUsage " + KeyUsage.describe(leaf.keyUsage())
                : "no keyUsage extension";
        return new VerificationResult.Invalid(FailureReason.WRONG_KEY_USAGE, leaf, "certificate " + leaf + " has "
                + has + ", but " + need + "; RFC 5280 §4.2.1.3. Was the other certificate of a double pair sent in "
                + "its place?");
    }

    private static VerificationResult.Invalid firstOf(VerificationResult.Invalid... checks) {
        for (VerificationResult.Invalid c : checks) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /** The ID as text when it is printable ASCII (as IDs usually are), in hex otherwise. */
    static String describe(byte[] userId) {
        for (byte b : userId) {
            if (b < 0x20 || b > 0x7e) {
                return "0x" + HexFormat.of().formatHex(userId);
            }
        }
        return "\"" + new String(userId, StandardCharsets.US_ASCII) + "\"";
    }
}
