package io.gmgw.sslvpn.server;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.CertificateVerificationException;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.CrlReloader;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.config.ClientSettings;
import io.gmgw.sslvpn.tls.ClientCertificateVerifier;
import io.gmgw.sslvpn.tls.TlsPemFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whom the gateway lets in: the {@code clients} trust anchors, intermediates and CRLs, split by kind. SM2 CA
 * certificates (and the CRLs they issue) check TLCP clients through gm-crypto's {@link CertificateVerifier} with a
 * {@link CrlReloader}; ECDSA/RSA CA certificates (and their CRLs) check TLS clients through the JDK's PKIX validator in
 * {@link ClientCertificateVerifier}. A file holds one kind: its first certificate decides. With revocation checking on
 * (the default) every trust anchor needs a current CRL at start, or the start is refused.
 *
 * <p>{@link #reload()} re-reads CRL files that changed; new handshakes use the new CRLs at once, and
 * {@link #isRevoked} answers for sessions already established (the server ends those whose certificate is now
 * revoked). Thread-safe.
 */
final class ClientTrust {
    private static final Logger LOG = LoggerFactory.getLogger("tlcp");

    private final CryptoModule module;
    private final boolean revocationCheck;
    private final Clock clock;
    private final CertificateVerifier tlcpTemplate;
    private final CrlReloader tlcpCrls;
    private final List<X509Certificate> tlsAnchors;
    private final List<Path> tlsCrlFiles;
    private final Map<Path, FileTime> tlsCrlVersions = new HashMap<>();
    private volatile List<X509CRL> tlsCrls = List.of();
    private volatile ClientCertificateVerifier tlsVerifier;

    private ClientTrust(CryptoModule module, boolean revocationCheck, Clock clock, CertificateVerifier tlcpTemplate,
            CrlReloader tlcpCrls, List<X509Certificate> tlsAnchors, List<Path> tlsCrlFiles) {
        this.module = module;
        this.revocationCheck = revocationCheck;
        this.clock = clock;
        this.tlcpTemplate = tlcpTemplate;
        this.tlcpCrls = tlcpCrls;
        this.tlsAnchors = List.copyOf(tlsAnchors);
        this.tlsCrlFiles = List.copyOf(tlsCrlFiles);
    }

    /**
     * Reads the {@code clients} files.
     *
     * @param serverChain the TLCP server's own CA certificates (they count as intermediates)
     */
    static ClientTrust load(CryptoModule module, ClientSettings clients, List<Sm2Certificate> serverChain)
            throws IOException {
        List<Sm2Certificate> sm2Anchors = new ArrayList<>();
        List<X509Certificate> tlsAnchors = new ArrayList<>();
        for (Path p : clients.trust()) {
            sort(p, "clients.trust", sm2Anchors, tlsAnchors);
        }
        List<Sm2Certificate> sm2Cas = new ArrayList<>(serverChain);
        List<X509Certificate> tlsCas = new ArrayList<>();
        for (Path p : clients.intermediates()) {
            sort(p, "clients.intermediates", sm2Cas, tlsCas);
        }
        Set<X500Name> sm2Names = new HashSet<>();
        sm2Anchors.forEach(c -> sm2Names.add(c.subject()));
        sm2Cas.forEach(c -> sm2Names.add(c.subject()));
        List<Path> sm2CrlFiles = new ArrayList<>();
        List<Path> tlsCrlFiles = new ArrayList<>();
        for (Path p : clients.crls()) {
            List<Sm2Crl> crls = CertificateFiles.crls(p, "clients.crls");
            (crls.stream().allMatch(c -> sm2Names.contains(c.issuer())) ? sm2CrlFiles : tlsCrlFiles).add(p);
        }
        boolean check = clients.revocationCheck();
        CertificateVerifier template = null;
        CrlReloader reloader = null;
        if (!sm2Anchors.isEmpty()) {
            template = CertificateVerifier.builder(module).trustAnchors(sm2Anchors)
                    .intermediates(sm2Cas.stream().filter(Sm2Certificate::isCa).distinct().toList())
                    .revocationPolicy(check ? RevocationPolicy.REQUIRE : RevocationPolicy.IF_PRESENT).build();
            if (!sm2CrlFiles.isEmpty()) {
                try {
                    reloader = CrlReloader.load(template, sm2CrlFiles);
                } catch (CertificateVerificationException e) {
                    throw new GatewayException(GatewayException.Kind.CONFIG, "clients.crls: " + e.getMessage(), e);
                }
            }
            if (check) {
                Instant now = module.clock().instant();
                CertificateVerifier v = reloader != null ? reloader.get() : template;
                for (Sm2Certificate anchor : sm2Anchors) {
                    v.crlProblem(anchor, now).ifPresent(problem -> {
                        throw new GatewayException(GatewayException.Kind.CONFIG, "clients.crls: users' certificates "
                                + "cannot be checked for revocation: trust anchor " + anchor.subject() + ": "
                                + problem.message() + "; list its current CRL (and those of the CAs under it) in "
                                + "clients.crls, or set clients.revocation-check: false (tests only)");
                    });
                }
            }
        }
        ClientTrust trust = new ClientTrust(module, check, module.clock(), template, reloader, tlsAnchors,
                tlsCrlFiles);
        if (!tlsAnchors.isEmpty()) {
            trust.readTlsCrls(true);
        }
        return trust;
    }

    /** Adds {@code file}'s certificates to the SM2 or the TLS list, by what its certificates are. */
    private static void sort(Path file, String key, List<Sm2Certificate> sm2, List<X509Certificate> tls)
            throws IOException {
        try {
            sm2.addAll(CertificateFiles.certificates(file, key));
        } catch (MalformedEncodingException notSm2) {
            try {
                tls.addAll(TlsPemFiles.certificates(file));
            } catch (IOException | RuntimeException e) {
                notSm2.addSuppressed(e);
                throw notSm2;
            }
        }
    }

    /** The TLCP client verifier for the next handshake (the newest CRLs); null when no SM2 trust anchor is set. */
    Supplier<CertificateVerifier> tlcpVerifier() {
        if (tlcpTemplate == null) {
            return null;
        }
        return tlcpCrls != null ? tlcpCrls : () -> tlcpTemplate;
    }

    boolean revocationCheck() {
        return revocationCheck;
    }

    /** The TLS client verifier for the next handshake; null when no ECDSA/RSA trust anchor is set. */
    Supplier<ClientCertificateVerifier> tlsVerifier() {
        return tlsAnchors.isEmpty() ? null : () -> tlsVerifier;
    }

    /** Every CRL file watched. */
    List<Path> crlFiles() {
        List<Path> all = new ArrayList<>(tlcpCrls == null ? List.of() : tlcpCrls.files());
        all.addAll(tlsCrlFiles);
        return all;
    }

    /**
     * Re-reads the CRL files that changed (TLCP's through {@link CrlReloader}, which audits each reload and refusal);
     * returns whether any new CRL was taken into use.
     */
    boolean reload() {
        boolean changed = false;
        if (tlcpCrls != null) {
            for (CrlReloader.Outcome o : tlcpCrls.check()) {
                changed |= o instanceof CrlReloader.Reloaded;
            }
        }
        if (!tlsAnchors.isEmpty()) {
            try {
                changed |= readTlsCrls(false);
            } catch (IOException | RuntimeException e) {
                LOG.error("re-reading the TLS clients' CRL files {} failed; the CRLs in use stay: {}", tlsCrlFiles,
                        e.toString());
            }
        }
        return changed;
    }

    private synchronized boolean readTlsCrls(boolean first) throws IOException {
        Map<Path, FileTime> versions = new HashMap<>();
        for (Path p : tlsCrlFiles) {
            versions.put(p, Files.getLastModifiedTime(p));
        }
        if (!first && versions.equals(tlsCrlVersions)) {
            return false;
        }
        List<X509CRL> crls = new ArrayList<>();
        for (Path p : tlsCrlFiles) {
            crls.addAll(TlsPemFiles.crls(p));
        }
        tlsCrls = List.copyOf(crls);
        tlsVerifier = new ClientCertificateVerifier(tlsAnchors, crls,
                revocationCheck ? RevocationPolicy.REQUIRE : RevocationPolicy.IF_PRESENT, clock);
        tlsCrlVersions.clear();
        tlsCrlVersions.putAll(versions);
        if (!first) {
            LOG.info("TLS clients' CRLs re-read from {}", tlsCrlFiles);
        }
        return true;
    }

    /**
     * Whether the CRLs in use now list the certificate {@code serialHex} of {@code issuer} (as the session recorded
     * them: the issuer's name in Bouncy Castle's text form, the serial in hex).
     */
    boolean isRevoked(String issuer, String serialHex) {
        Objects.requireNonNull(issuer, "issuer");
        BigInteger serial;
        X500Name name;
        try {
            serial = new BigInteger(serialHex, 16);
            name = new X500Name(issuer);
        } catch (IllegalArgumentException e) {
            // cannot happen for what IdentityMapper recorded; the session's next handshake is checked in full anyway
            LOG.warn("cannot read the issuer '{}' or serial '{}' of a session to check it for revocation", issuer,
                    serialHex);
            return false;
        }
        if (tlcpCrls != null) {
            for (Sm2Crl crl : tlcpCrls.get().crls()) {
                if (crl.issuer().equals(name) && crl.find(serial).isPresent()) {
                    return true;
                }
            }
        }
        for (X509CRL crl : tlsCrls) {
            if (X500Name.getInstance(crl.getIssuerX500Principal().getEncoded()).equals(name)
                    && crl.getRevokedCertificate(serial) != null) {
                return true;
            }
        }
        return false;
    }

    CryptoModule module() {
        return module;
    }
}
