package io.gmgw.gateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code acl}: whom the gateway believes about group ACLs (acl-integrity's {@code SignedAclGuard}). The signers' trust
 * anchors and the CRLs of every CA on their paths; the extended key usage a signer's certificate must name (empty:
 * none, then an allow-list is needed), and allow-lists by subject and by SM3 print of the certificate; the hash-chained
 * ACL log to check versions against (rollback), when given.
 */
public record AclTrustSettings(List<Path> trust, List<Path> crls, Optional<String> signerExtendedKeyUsage,
        List<String> signerSubjects, List<String> signerCertificateSm3, Optional<Path> log) {
    public AclTrustSettings {
        trust = List.copyOf(trust);
        crls = List.copyOf(crls);
        signerSubjects = List.copyOf(signerSubjects);
        signerCertificateSm3 = List.copyOf(signerCertificateSm3);
    }
}
