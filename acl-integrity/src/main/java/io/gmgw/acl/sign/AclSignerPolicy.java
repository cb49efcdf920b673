package io.gmgw.acl.sign;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Who may sign an ACL, beyond "a certificate that chains to a trust anchor and may sign" (which any VPN user's smart
 * key has when the users' CA is an anchor). Two kinds of rule, each narrowing:
 * <ul>
 *   <li>an <b>extended key usage</b> the signer's certificate must name ({@link ExtendedKeyUsages#ACL_SIGNING} by
 *       default, written by {@code gmgw pki issue --acl-signer}); checked as part of the certificate path
 *       (RFC 5280 §4.2.1.12);
 *   <li>an <b>allow-list</b>: the signer's certificate is one of the listed ones (by the SM3 of its DER, as reports
 *       print it) or has one of the listed subjects.
 * </ul>
 * With both, the signer must satisfy both. The gateway's guard requires a policy; {@code gmgw acl verify} applies one
 * when given and reports which rule matched or why none did.
 */
public final class AclSignerPolicy {
    private final ASN1ObjectIdentifier extendedKeyUsage;
    private final Set<String> certificates;
    private final List<X500Name> subjects;

    /** The outcome for one signer: allowed or not, and the rule that matched or why none did. */
    public record Decision(boolean allowed, String reason) {
    }

    private AclSignerPolicy(Builder b) {
        this.extendedKeyUsage = b.extendedKeyUsage;
        this.certificates = Set.copyOf(b.certificates);
        this.subjects = List.copyOf(b.subjects);
    }

    /** The recommended policy: the signer's certificate names gmgw's ACL-signing purpose. */
    public static AclSignerPolicy aclSigningExtendedKeyUsage() {
        return builder().extendedKeyUsage(ExtendedKeyUsages.ACL_SIGNING).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The purpose the signer's certificate must name, if the policy asks for one. */
    public Optional<ASN1ObjectIdentifier> requiredExtendedKeyUsage() {
        return Optional.ofNullable(extendedKeyUsage);
    }

    /** Whether {@code signer} may sign ACLs under this policy (its path is checked elsewhere). */
    public Decision evaluate(CryptoModule module, Sm2Certificate signer) {
        List<String> matched = new ArrayList<>();
        if (extendedKeyUsage != null) {
            if (!signer.extendedKeyUsages().contains(extendedKeyUsage)) {
                return new Decision(false, "the signer's certificate does not name extendedKeyUsage "
                        + ExtendedKeyUsages.describe(extendedKeyUsage) + " (it has: "
                        + ExtendedKeyUsages.describe(signer.extendedKeyUsages()) + "); sign with a certificate issued "
                        + "for ACL signing (gmgw pki issue --acl-signer), or allow this one by its SM3 print");
            }
            matched.add("extendedKeyUsage " + ExtendedKeyUsages.describe(extendedKeyUsage));
        }
        if (!certificates.isEmpty() || !subjects.isEmpty()) {
            String print = signer.fingerprintSm3(module);
            if (certificates.contains(print)) {
                matched.add("certificate SM3 " + print + " on the allow-list");
            } else if (subjects.stream().anyMatch(s -> s.equals(signer.subject()))) {
                matched.add("subject '" + signer.subject() + "' on the allow-list");
            } else {
                return new Decision(false, "the signer (subject '" + signer.subject() + "', certificate SM3 " + print
                        + ") is not on the allow-list of " + allowList() + "; add it if it may sign ACLs");
            }
        }
        return new Decision(true, String.join(" and ", matched));
    }

    /** The policy in one line, for reports. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (extendedKeyUsage != null) {
            parts.add("extendedKeyUsage " + ExtendedKeyUsages.describe(extendedKeyUsage));
        }
        if (!certificates.isEmpty() || !subjects.isEmpty()) {
            parts.add("allow-list of " + allowList());
        }
        return String.join(" and ", parts);
    }

    private String allowList() {
        List<String> parts = new ArrayList<>();
        if (!certificates.isEmpty()) {
            parts.add(certificates.size() + " certificate(s) by SM3");
        }
        if (!subjects.isEmpty()) {
            parts.add(subjects.size() + " subject(s)");
        }
        return String.join(" and ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }

    public static final class Builder {
        private ASN1ObjectIdentifier extendedKeyUsage;
        private final Set<String> certificates = new LinkedHashSet<>();
        private final List<X500Name> subjects = new ArrayList<>();

        private Builder() {
        }

        /** The signer's certificate must name this key purpose. */
        public Builder extendedKeyUsage(ASN1ObjectIdentifier purpose) {
            this.extendedKeyUsage = purpose;
            return this;
        }

        /** Allows the certificate whose DER has this SM3 (64 hex digits, as reports print it). */
        public Builder allowCertificate(String sm3Hex) {
            String h = sm3Hex.strip().toLowerCase(Locale.ROOT).replace(":", "");
            if (!h.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("'" + sm3Hex + "' is not an SM3 certificate print (64 hex digits, "
                        + "as 'signer SM3 print' in a gmgw acl verify report)");
            }
            certificates.add(h);
            return this;
        }

        /** Allows any certificate with this subject (compared as RFC 5280 compares names). */
        public Builder allowSubject(X500Name subject) {
            subjects.add(subject);
            return this;
        }

        /** The policy; at least one rule, else {@link IllegalStateException}. */
        public AclSignerPolicy build() {
            if (extendedKeyUsage == null && certificates.isEmpty() && subjects.isEmpty()) {
                throw new IllegalStateException("a signer policy needs an extended key usage or an allow-list");
            }
            return new AclSignerPolicy(this);
        }
    }
}
