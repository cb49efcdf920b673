package io.gmgw.cli.demo;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.sign.AclManifest;
import io.gmgw.acl.sign.AclSigner;
import io.gmgw.acl.sign.AclSignerPolicy;
import io.gmgw.acl.sign.AclVerificationException;
import io.gmgw.acl.sign.SignedAcl;
import io.gmgw.acl.sign.SignedAclGuard;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.pki.PemFiles;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Signs ACL files with the demo's ACL signer as {@code gmgw acl sign} does (acl-integrity's {@link AclSigner}; FILE.p7s,
 * FILE.sig, FILE.signer.pem; an {@code acl.sign} audit event), but only when the signature beside the file does not
 * verify as the gateway would check it: the demo's root as the trust anchor, the root's and the issuing CA's CRLs,
 * and the ACL-signing purpose. So running the demo again keeps good signatures and re-signs only what a new demo PKI
 * or an edited file left unverifiable.
 */
final class DemoAclSigning {
    private final DemoContext context;
    private final SignedAclGuard guard;

    DemoAclSigning(DemoContext context) throws IOException {
        this.context = context;
        this.guard = guard(context);
    }

    /** The guard the demo's gateway.yaml describes (acl: trust, crls, signer-eku acl-signing). */
    static SignedAclGuard guard(DemoContext context) throws IOException {
        PkiFolder pki = context.layout().pki();
        return SignedAclGuard.builder(context.module())
                .trustAnchors(List.of(PemFiles.certificate(pki.root().certificate())))
                .crls(List.of(PemFiles.crl(pki.root().crl()), PemFiles.crl(pki.intermediate().crl())))
                .signerPolicy(AclSignerPolicy.aclSigningExtendedKeyUsage()).build();
    }

    /** True when {@code file}'s signature verifies for the gateway; a file that is no valid ACL throws. */
    boolean verifies(Path file) throws IOException {
        try {
            guard.load(file);
            return true;
        } catch (AclVerificationException e) {
            return false;
        }
    }

    /**
     * Signs {@code file} unless its signature verifies already.
     *
     * @return true when it signed
     */
    boolean signIfNeeded(Path file) throws IOException {
        if (verifies(file)) {
            return false;
        }
        try {
            sign(file);
        } catch (IOException | RuntimeException e) {
            context.audit().failure(AuditEventType.ACL_SIGN, e).object(file.toString()).writeFor(e);
            throw e;
        }
        return true;
    }

    private void sign(Path file) throws IOException {
        PkiFolder.IssuedFolder signer = context.layout().pki().issued(DemoLayout.ACL_SIGNER);
        byte[] content = Files.readAllBytes(file);
        AclDocument document = AclDocument.parse(content, Optional.empty());
        try (KeyHandle key = KeyProviders.load(context.module()).open(signer.key(true).toString(),
                KeyOptions.none().withCertificateChain(signer.chain(true)))) {
            List<Sm2Certificate> chain = key.certificateChain();
            SignedAcl signed = new AclSigner(context.module(), key, chain).sign(content, document,
                    file.getFileName().toString(), 1, new byte[0]);
            Optional<Integer> kept = signed.writeBeside(file);
            AclManifest m = signed.manifest();
            context.audit().success(AuditEventType.ACL_SIGN).object(file.toString())
                    .subject(chain.get(0).subject().toString()).correlate("name", m.aclName())
                    .correlate("version", Long.toString(m.aclVersion()))
                    .correlate("sm3", HexFormat.of().formatHex(signed.sm3()))
                    .detail("signerSerial", chain.get(0).serialHex()).detail("chain", "not chained (gmgw demo)")
                    .detail("format", m.format().id()).detail("rules", m.ruleCount())
                    .detail("keptAs", kept.orElse(null)).write();
        }
        if (!verifies(file)) {
            throw new IllegalStateException("the demo signed " + file + " but its signature does not verify against "
                    + "the demo's root; remove " + context.layout().pki().directory() + " and run the demo again");
        }
    }
}
