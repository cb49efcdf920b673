package io.gmgw.sslvpn.server;

import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.sign.AclSignerPolicy;
import io.gmgw.acl.sign.SignedAclGuard;
import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.config.AclTrustSettings;
import io.gmgw.gateway.config.GroupSettings;
import io.gmgw.gateway.policy.DropSampler;
import io.gmgw.gateway.policy.PolicyLoader;
import io.gmgw.sslvpn.gateway.GroupPolicies;
import io.gmgw.sslvpn.gateway.GroupPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The configured groups' policies: each group's signed ACL loaded at start through gateway-core's
 * {@link PolicyLoader} (the signature checked by acl-integrity's {@link SignedAclGuard} against {@code acl.trust},
 * {@code acl.crls} and the signer policy), drops sampled into the audit log every {@code audit.drop-sample-interval}.
 * A group whose ACL does not verify stops the start: the {@link GatewayException} (kind POLICY) names the group, the
 * file and the reason.
 */
final class ConfiguredPolicies implements GroupPolicies {
    private final Map<String, SessionGroupPolicy> byName;

    private ConfiguredPolicies(Map<String, SessionGroupPolicy> byName) {
        this.byName = Map.copyOf(byName);
    }

    /**
     * Loads every group's ACL.
     *
     * @param audit an asynchronous audit: drop samples are written from event loops
     */
    static ConfiguredPolicies load(CryptoModule module, AclTrustSettings trust, Collection<GroupSettings> groups,
            Audit audit, LongSupplier nanoTicker, Duration dropSampleInterval) throws IOException {
        PolicyLoader loader = new PolicyLoader(guard(module, trust), audit);
        DropSampler sampler = new DropSampler(audit, nanoTicker, dropSampleInterval);
        Map<String, SessionGroupPolicy> out = new LinkedHashMap<>();
        for (GroupSettings g : groups) {
            out.put(g.name(), new SessionGroupPolicy(g,
                    new io.gmgw.gateway.policy.GroupPolicy(g.name(), g.acl(), loader, sampler), null));
        }
        return new ConfiguredPolicies(out);
    }

    private static SignedAclGuard guard(CryptoModule module, AclTrustSettings trust) throws IOException {
        List<Sm2Certificate> anchors = new ArrayList<>();
        for (Path p : trust.trust()) {
            anchors.addAll(CertificateFiles.certificates(p, "acl.trust"));
        }
        List<Sm2Crl> crls = new ArrayList<>();
        for (Path p : trust.crls()) {
            crls.addAll(CertificateFiles.crls(p, "acl.crls"));
        }
        AclSignerPolicy.Builder policy = AclSignerPolicy.builder();
        trust.signerExtendedKeyUsage().flatMap(ExtendedKeyUsages::parse).ifPresent(policy::extendedKeyUsage);
        trust.signerSubjects().forEach(s -> policy.allowSubject(DistinguishedNames.parse(s)));
        trust.signerCertificateSm3().forEach(policy::allowCertificate);
        SignedAclGuard.Builder b = SignedAclGuard.builder(module).trustAnchors(anchors).crls(crls)
                .signerPolicy(policy.build());
        trust.log().ifPresent(log -> b.auditChain(AuditChain.reader(module, log)));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "acl: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<GroupPolicy> find(String group) {
        return Optional.ofNullable(byName.get(group));
    }

    /** gateway-core's policy of {@code group}, for reloads and counters. */
    Optional<io.gmgw.gateway.policy.GroupPolicy> core(String group) {
        return Optional.ofNullable(byName.get(group)).map(SessionGroupPolicy::core);
    }
}
