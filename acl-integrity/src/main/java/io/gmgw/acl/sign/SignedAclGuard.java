package io.gmgw.acl.sign;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.crypto.CryptoModule;
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
 * throws {@link AclVerificationException}, so an unsigned, altered, badly signed, wrongly certified or rolled-back
 * ACL is never applied. The signature is {@code FILE.p7s}; with an audit chain, only its newest version is accepted.
 * Exact bytes only: the loader applies what was signed, not something that merely canonicalises the same.
 */
public final class SignedAclGuard {
    private final CryptoModule module;
    private final List<Sm2Certificate> anchors;
    private final List<Sm2Crl> crls;
    private final AclHistory.Reader auditChain;

    /**
     * @param auditChain reads the chain to check versions against ({@code AuditChain.reader(module, path)}), or null
     *     to check signatures and certificates only
     */
    public SignedAclGuard(CryptoModule module, List<Sm2Certificate> anchors, List<Sm2Crl> crls,
            AclHistory.Reader auditChain) {
        this.module = Objects.requireNonNull(module, "module");
        this.anchors = List.copyOf(anchors);
        this.crls = List.copyOf(crls);
        this.auditChain = auditChain;
        if (this.anchors.isEmpty()) {
            throw new IllegalArgumentException("a signed-ACL guard needs at least one trust anchor");
        }
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
        AclVerifier.Builder b = AclVerifier.builder(module).trustAnchors(anchors).crls(crls);
        if (auditChain != null) {
            b.auditChain(auditChain.read());
        }
        AclVerification report = b.build().verify(name, content, signatureName, cms);
        if (!report.valid()) {
            throw new AclVerificationException(report.verdict(), name + ": " + report.message());
        }
        AclDocument document = AclDocument.parse(content, Optional.ofNullable(report.signature().manifest())
                .map(m -> io.gmgw.acl.format.AclFormat.fromId(m.format())));
        return new VerifiedAcl(name, content, document, report);
    }
}
