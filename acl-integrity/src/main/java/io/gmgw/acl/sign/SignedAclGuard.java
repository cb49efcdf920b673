package io.gmgw.acl.sign;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.format.AclFormat;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway's policy loader calls before it applies an ACL: {@link #load(Path)} returns the verified bytes or
 * throws {@link AclVerificationException}, so an unsigned, altered, badly signed, wrongly certified, revoked,
 * unauthorised or rolled-back ACL is never applied. Stricter than {@code gmgw acl verify} by default:
 * <ul>
 *   <li>a {@link AclSignerPolicy signer policy} is required: a certificate that merely chains to a trust anchor (a VPN
 *       user's, when the users' CA is an anchor) does not get to sign firewall rules;
 *   <li>revocation checking is required: every certificate of the signer's path must be covered by a current CRL of
 *       its issuer (one past its nextUpdate, or none at all, refuses the ACL with the reason);
 *   <li>exact bytes only: the loader applies what was signed, not something that merely canonicalises the same.
 * </ul>
 * The signature is {@code FILE.p7s}; with an audit chain, only its newest version is accepted.
 */
public final class SignedAclGuard {
    private final CryptoModule module;
    private final List<Sm2Certificate> anchors;
    private final List<Sm2Crl> crls;
    private final AclSignerPolicy policy;
    private final AclHistory.Reader auditChain;

    private SignedAclGuard(Builder b) {
        this.module = b.module;
        this.anchors = List.copyOf(b.anchors);
        this.crls = List.copyOf(b.crls);
        this.policy = b.policy;
        this.auditChain = b.auditChain;
    }

    public static Builder builder(CryptoModule module) {
        return new Builder(module);
    }

    /** Reads {@code file} and {@code FILE.p7s} and returns the file's verified content. */
    public VerifiedAcl load(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        Path sig = SignedAcl.cmsFile(file);
        byte[] cms;
        try {
            cms = Files.readAllBytes(sig);
        } catch (NoSuchFileException e) {
            throw new AclVerificationException(AclVerdict.SIGNATURE_INVALID, file + " is not signed: " + sig
                    + " does not exist (sign it with 'gmgw acl sign')");
        }
        return verify(file.toString(), content, sig.toString(), cms);
    }

    /** Verifies given bytes (e.g. a ruleset received over the control socket with its signature). */
    public VerifiedAcl verify(String name, byte[] content, String signatureName, byte[] cms) throws IOException {
        AclVerifier.Builder b = AclVerifier.builder(module).trustAnchors(anchors).crls(crls)
                .revocation(RevocationPolicy.REQUIRE).signerPolicy(policy);
        if (auditChain != null) {
            b.auditChain(auditChain.read());
        }
        AclVerification report = b.build().verify(name, content, signatureName, cms);
        if (!report.valid()) {
            throw new AclVerificationException(report.verdict(), name + ": " + report.message());
        }
        AclDocument document = AclDocument.parse(content, Optional.ofNullable(report.signature().manifest())
                .map(m -> AclFormat.fromId(m.format())));
        return new VerifiedAcl(name, content, document, report);
    }

    /** The guard's configuration; {@link #build()} refuses one without anchors, CRLs or signer policy. */
    public static final class Builder {
        private final CryptoModule module;
        private List<Sm2Certificate> anchors = List.of();
        private List<Sm2Crl> crls = List.of();
        private AclSignerPolicy policy;
        private AclHistory.Reader auditChain;

        private Builder(CryptoModule module) {
            this.module = Objects.requireNonNull(module, "module");
        }

        public Builder trustAnchors(List<Sm2Certificate> anchors) {
            this.anchors = List.copyOf(anchors);
            return this;
        }

        /** The CRLs of every CA on a signer's path (the issuing CA's, and the root's for the issuing CA). */
        public Builder crls(List<Sm2Crl> crls) {
            this.crls = List.copyOf(crls);
            return this;
        }

        /** Who may sign ACLs ({@link AclSignerPolicy#aclSigningExtendedKeyUsage()} is the usual choice). */
        public Builder signerPolicy(AclSignerPolicy policy) {
            this.policy = policy;
            return this;
        }

        /** Reads the chain to check versions against ({@code AuditChain.reader(module, path)}); none by default. */
        public Builder auditChain(AclHistory.Reader reader) {
            this.auditChain = reader;
            return this;
        }

        public SignedAclGuard build() {
            if (anchors.isEmpty()) {
                throw new IllegalArgumentException("a signed-ACL guard needs at least one trust anchor");
            }
            if (crls.isEmpty()) {
                throw new IllegalArgumentException("a signed-ACL guard checks every signer for revocation: configure "
                        + "the current CRL of each CA on the signers' path (with gmgw pki: root/ca.crl.pem and "
                        + "intermediate/ca.crl.pem)");
            }
            if (policy == null) {
                throw new IllegalArgumentException("a signed-ACL guard needs a signer policy (who may sign ACLs): "
                        + "AclSignerPolicy.aclSigningExtendedKeyUsage() for certificates issued with gmgw pki issue "
                        + "--acl-signer, or an allow-list");
            }
            return new SignedAclGuard(this);
        }
    }
}
