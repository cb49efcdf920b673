package io.gmgw.sslvpn.server;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.sign.AclSigner;
import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.ca.CaSetup;
import io.gmgw.crypto.ca.KeyFileProtection;
import io.gmgw.crypto.ca.PairIssuance;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.ca.Revocation;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.RevocationReason;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.gateway.keys.EndpointKeys;
import io.gmgw.gateway.keys.KeyReference;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gateway site in a folder, made the way an operator makes one: a two-level SM2 PKI by the project's CA library
 * ({@code pki/}: root and issuing CA, the gateway's double certificate for localhost, VPN users, an ACL signer with
 * the acl-signing purpose), the group's Cisco IOS ACL signed with the acl-integrity signing API, and
 * {@code gateway.yaml} in responder mode on 127.0.0.1 with an ephemeral port and a control socket in the folder.
 */
final class GatewayTestSite {
    static final String ACL = """
            ip access-list extended vpn-staff
             permit icmp any host 192.168.99.1 echo
             permit udp any host 192.168.99.1 eq 7
             deny ip any any
            """;

    final Path dir;
    final CryptoModule module;
    final PkiFolder pki;
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    final Audit audit;
    final Path acl;
    final Path config;

    GatewayTestSite(Path dir, CryptoModule module, String... users) throws IOException {
        this.dir = dir;
        this.module = module;
        this.audit = new Audit(this::record, Clock.systemUTC(), new Actor("gmgw", 0, "gw", 1, "gmgw sslvpn run"),
                Map.of());
        pki = new PkiFolder(dir.resolve("pki"));
        CaSetup.create(module, audit, pki, new CaSetup.Request(DistinguishedNames.parse("CN=Test Root CA, O=gmgw test"),
                DistinguishedNames.parse("CN=Test Issuing CA, O=gmgw test"), Duration.ofDays(30), Duration.ofDays(20),
                Duration.ofDays(7)), KeyFileProtection.none(), null);
        issue(PairIssuance.Kind.SERVER, "localhost", List.of("localhost", "127.0.0.1"), List.of());
        for (String user : users) {
            issue(PairIssuance.Kind.CLIENT, user, List.of(), List.of());
        }
        issue(PairIssuance.Kind.CLIENT, "acl-signer", List.of(), List.of(ExtendedKeyUsages.ACL_SIGNING));
        acl = dir.resolve("staff.cisco-ios.cfg");
        Files.writeString(acl, ACL, StandardCharsets.UTF_8);
        sign(acl);
        config = dir.resolve("gateway.yaml");
        writeConfig(List.of(), List.of(), "", "");
    }

    private record Waiter(String type, int count, CompletableFuture<Void> done) {
    }

    private void record(AuditEvent e) {
        events.add(e);
        waiters.forEach(this::check);
    }

    private void check(Waiter w) {
        if (events.stream().filter(e -> e.event().equals(w.type())).count() >= w.count()) {
            w.done().complete(null);
        }
    }

    /** Completes once {@code count} audit records of {@code type} arrived (a latch on the audit trail). */
    CompletableFuture<Void> whenEvents(String type, int count) {
        Waiter w = new Waiter(type, count, new CompletableFuture<>());
        waiters.add(w);
        check(w);
        return w.done();
    }

    /**
     * (Re)writes {@code gateway.yaml}: {@code trust} and {@code crls} join the clients' SM2 ones (a TLS CA),
     * {@code group} is added to the group {@code staff}, {@code extra} at the top level (a {@code tls} section).
     */
    void writeConfig(List<Path> trust, List<Path> crls, String group, String extra) throws IOException {
        Files.writeString(config, yaml(trust, crls, group, extra), StandardCharsets.UTF_8);
    }

    private void issue(PairIssuance.Kind kind, String name, List<String> hosts,
            List<org.bouncycastle.asn1.ASN1ObjectIdentifier> purposes) throws IOException {
        PairIssuance.issue(module, audit, pki, new PairIssuance.Request(kind, name, null, null, hosts,
                Duration.ofDays(10), new PairIssuance.KeySource.Generate(), new PairIssuance.KeySource.Generate(),
                purposes), KeyFileProtection.none(), null, null);
    }

    /** Signs {@code file} as {@code gmgw acl sign} does, with the ACL signer's key, writing FILE.p7s beside it. */
    void sign(Path file) throws IOException {
        PkiFolder.IssuedFolder signer = pki.issued("acl-signer");
        try (KeyHandle key = EndpointKeys.open(module, new KeyReference("signer", signer.key(true).toString(),
                "signer cert", null, null))) {
            List<Sm2Certificate> chain = CertificateFiles.certificates(signer.chain(true), "chain");
            byte[] content = Files.readAllBytes(file);
            new AclSigner(module, key, chain).sign(content, AclDocument.parse(content, Optional.empty()), "staff", 1,
                    new byte[0]).writeBeside(file);
        }
    }

    private String yaml(List<Path> trust, List<Path> crls, String group, String extra) {
        String moreTrust = trust.stream().map(p -> ", " + p).reduce("", String::concat);
        String moreCrls = crls.stream().map(p -> ", " + p).reduce("", String::concat);
        Path root = pki.root().certificate();
        Path ca = pki.intermediate().certificate();
        PkiFolder.IssuedFolder server = pki.issued("localhost");
        return """
                listen:
                  addresses: [127.0.0.1]
                  port: 0
                  handshake-timeout: 10s
                tlcp:
                  sign-key: %s
                  enc-key: %s
                clients:
                  trust: [%s%s]
                  intermediates: [%s]
                  crls: [%s, %s%s]
                  crl-reload-interval: 1h
                  default-group: staff
                groups:
                  staff:
                    ipv4-pool: users
                    routes: [10.20.0.0/16]
                    acl: %s
                %s
                pools:
                  users:
                    ipv4: 192.168.99.0/24
                    ipv6: fd00:99::/64
                acl:
                  trust: [%s]
                  crls: [%s, %s]
                control:
                  socket: %s
                data-plane:
                  mode: responder
                """.formatted(server.key(true), server.key(false), root, moreTrust, ca, pki.root().crl(),
                pki.intermediate().crl(), moreCrls, acl, group.indent(4).stripTrailing(), root, pki.root().crl(),
                pki.intermediate().crl(), dir.resolve("gw.sock")) + extra;
    }

    /** A VPN user's TLCP credentials (its double certificate from the PKI). */
    TlcpCredentials client(String user) throws IOException {
        PkiFolder.IssuedFolder f = pki.issued(user);
        EndpointKeys keys = EndpointKeys.open(module, new KeyReference("sign", f.key(true).toString(), "sign cert",
                null, null), new KeyReference("enc", f.key(false).toString(), "enc cert", null, null), null, null);
        return new TlcpCredentials(keys.signingKey(), keys.signingCertificate(), keys.encryptionKey(),
                keys.encryptionCertificate(), keys.chain());
    }

    /** How a client checks the gateway: the root as anchor, no revocation check of the server. */
    CertificateVerifier serverVerifier() throws IOException {
        return CertificateVerifier.builder(module).trustAnchors(CertificateFiles.certificates(pki.root().certificate(),
                "root")).intermediates(CertificateFiles.certificates(pki.intermediate().certificate(), "ca"))
                .revocationPolicy(RevocationPolicy.IF_PRESENT).build();
    }

    /** Revokes {@code user}'s signing certificate, as {@code gmgw pki revoke}: a new CRL of the issuing CA. */
    void revoke(String user) throws IOException {
        Sm2Certificate cert = CertificateFiles.certificate(pki.issued(user).certificate(true), "cert");
        Revocation.revoke(module, audit, pki, new Revocation.Request(new Revocation.Target.Certificate(cert, user),
                RevocationReason.KEY_COMPROMISE, Duration.ofDays(7)), null, null);
    }
}
