package io.gmgw.cli.tlcp;

import static io.gmgw.cli.tlcp.TlcpCommandTest.MODULE;
import static io.gmgw.cli.tlcp.TlcpCommandTest.concat;
import static io.gmgw.cli.tlcp.TlcpCommandTest.connect;
import static io.gmgw.cli.tlcp.TlcpCommandTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.CrlReloader;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandshakeCompletionEvent;
import io.gmgw.testing.SecretFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tlcp connect} against a server in this process (the echo server behind {@code tlcp serve}, whose sessions the
 * test sees): the server's name is checked by default against HOST (DNS or IP subjectAltNames), the client's
 * certificate shape and CertificateVerify form follow the options, keys bring their own certificates, each key its
 * own password, and the report and the relayed data never share standard output.
 */
class TlcpConnectChecksTest {
    @TempDir
    static Path dir;
    static Path pki;
    static TlcpEchoServer localhost;
    static TlcpEchoServer ipServer;
    static final LinkedBlockingQueue<TlcpSession> SESSIONS = new LinkedBlockingQueue<>();

    @BeforeAll
    static void servers() throws Exception {
        pki = dir.resolve("pki");
        ok("pki", "init", "--dir", pki.toString());
        ok("pki", "issue", "--dir", pki.toString(), "--server", "localhost");
        ok("pki", "issue", "--dir", pki.toString(), "--server", "127.0.0.1", "--dns", "::1");
        ok("pki", "issue", "--dir", pki.toString(), "--client", "alice");
        localhost = server("localhost");
        ipServer = server("127.0.0.1");
    }

    @AfterAll
    static void stop() {
        localhost.close();
        ipServer.close();
    }

    /** An echo server with the pair issued for {@code name}, asking for client certificates (want), CRLs required. */
    static TlcpEchoServer server(String name) throws Exception {
        Path s = pki.resolve("issued/" + name);
        var keys = KeyProviders.load(MODULE);
        TlcpCredentials credentials = new TlcpCredentials(
                keys.open(s.resolve("sign.key.pem").toString(), KeyOptions.none()), cert(s.resolve("sign.cert.pem")),
                keys.open(s.resolve("enc.key.pem").toString(), KeyOptions.none()), cert(s.resolve("enc.cert.pem")),
                List.of(cert(pki.resolve("intermediate/ca.cert.pem"))));
        List<Sm2Crl> crls = new ArrayList<>(CrlReloader.read(pki.resolve("root/ca.crl.pem")));
        crls.addAll(CrlReloader.read(pki.resolve("intermediate/ca.crl.pem")));
        CertificateVerifier verifier = CertificateVerifier.builder(MODULE).trustAnchor(cert(root()))
                .crls(crls).revocationPolicy(RevocationPolicy.REQUIRE).build();
        TlcpConfig config = TlcpConfig.server(MODULE, credentials).clientAuth(ClientAuth.WANT)
                .clientVerifier(verifier).build();
        return TlcpEchoServer.start(config, new InetSocketAddress("127.0.0.1", 0), 1, new TlcpEchoServer.Observer() {
            @Override
            public void handshake(SocketAddress peer, TlcpHandshakeCompletionEvent outcome) {
                if (outcome.isSuccess()) {
                    SESSIONS.add(outcome.session());
                }
            }

            @Override
            public void closed(SocketAddress peer) {
            }
        });
    }

    static Sm2Certificate cert(Path p) throws IOException {
        return Sm2Certificate.fromPem(Files.readString(p)).get(0);
    }

    static Path root() {
        return pki.resolve("root/ca.cert.pem");
    }

    static String[] trust() {
        return new String[] {"--trust", root().toString()};
    }

    /** The session the server saw for the last successful handshake. */
    static TlcpSession lastSession() throws InterruptedException {
        TlcpSession s = SESSIONS.poll(30, TimeUnit.SECONDS);
        assertTrue(s != null, "the server saw no handshake");
        return s;
    }

    // --- the server's name ---

    /** Before: 127.0.0.1:PORT was never checked, so any certificate of the CA passed for any host. */
    @Test
    void theNameIsCheckedByDefaultAgainstHostAndTheErrorSaysWhatTheCertificateCarries() {
        TlcpCommandTest.Run r = connect(new byte[0], concat(new String[] {"127.0.0.1:" + localhost.port()}, trust()));
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("does not name the expected IP address 127.0.0.1"), r::toString);
        assertTrue(r.err().contains("DNS [localhost], IP []"), r::toString);
        assertTrue(r.err().contains("--server-name"), r::toString);

        TlcpCommandTest.Run byName = connect("hi".getBytes(), concat(new String[] {"localhost:" + localhost.port()},
                trust()));
        assertEquals(0, byName.exitCode(), byName::toString);
        assertTrue(byName.err().contains("server name:   DNS name localhost, carried by"), byName::toString);
        TlcpCommandTest.Run overridden = connect(new byte[0], concat(new String[] {"127.0.0.1:" + localhost.port(),
                "--server-name", "localhost"}, trust()));
        assertEquals(0, overridden.exitCode(), overridden::toString);
        TlcpCommandTest.Run off = connect(new byte[0], concat(new String[] {"127.0.0.1:" + localhost.port(),
                "--no-name-check"}, trust()));
        assertEquals(0, off.exitCode(), off::toString);
        assertTrue(off.err().contains("server name:   not checked (--no-name-check)"), off::toString);
        assertEquals(64, connect(new byte[0], concat(new String[] {"localhost:" + localhost.port(), "--no-name-check",
                "--server-name", "localhost"}, trust())).exitCode());
    }

    /** Before: an IP address was compared with DNS names only, so a certificate for 127.0.0.1 never matched. */
    @Test
    void anIpAddressMatchesTheCertificatesIpAddressesAndTheReportShowsThem() {
        TlcpCommandTest.Run r = connect(new byte[0], concat(new String[] {"127.0.0.1:" + ipServer.port()}, trust()));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("IP [127.0.0.1, ::1]"), r::toString);
        assertTrue(r.err().contains("server name:   IP address 127.0.0.1"), r::toString);
        TlcpCommandTest.Run byDns = connect(new byte[0], concat(new String[] {"127.0.0.1:" + ipServer.port(),
                "--server-name", "localhost"}, trust()));
        assertEquals(2, byDns.exitCode(), byDns::toString);
    }

    // --- report and data ---

    @Test
    void jsonPutsOnlyTheReportOnStandardOutputAndReportFilePutsItInAFile() throws Exception {
        TlcpCommandTest.Run json = connect("echo me".getBytes(), concat(new String[] {"localhost:" + localhost.port(),
                "--json"}, trust()));
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode report = JsonMapper.builder().build().readTree(json.out());
        assertEquals("E053", report.get("cipherSuiteId").asString());
        assertEquals(List.of("localhost"), List.of(report.get("serverCertificates").get(0).get("dnsNames").get(0)
                .asString()));
        assertFalse(report.get("revocationChecked").asBoolean());
        assertEquals(0, json.relayed().length, "nothing but the report on standard output");
        assertTrue(json.err().contains("the server sent 7 bytes, not shown with --json"), json::toString);

        Path file = dir.resolve("report.json");
        TlcpCommandTest.Run withFile = connect("echo me".getBytes(), concat(new String[] {"localhost:"
                + localhost.port(), "--report", file.toString()}, trust()));
        assertEquals(0, withFile.exitCode(), withFile::toString);
        assertEquals("echo me", new String(withFile.relayed(), StandardCharsets.UTF_8));
        assertEquals("E053", JsonMapper.builder().build().readTree(Files.readString(file)).get("cipherSuiteId")
                .asString());
        assertEquals(64, connect(new byte[0], concat(new String[] {"localhost:" + localhost.port(), "--json",
                "--report", file.toString()}, trust())).exitCode());
    }

    // --- client certificates ---

    @Test
    void keysBringTheirCertificatesAndChainFromBesideTheKeyFile() throws Exception {
        SESSIONS.clear();
        Path alice = pki.resolve("issued/alice");
        TlcpCommandTest.Run r = connect("x".getBytes(), concat(new String[] {"localhost:" + localhost.port(),
                "--sign-key", alice.resolve("sign.key.pem").toString(), "--enc-key",
                alice.resolve("enc.key.pem").toString()}, trust()));
        assertEquals(0, r.exitCode(), r::toString);
        TlcpSession s = lastSession();
        assertEquals(cert(alice.resolve("sign.cert.pem")), s.peerSigningCertificate());
        assertEquals(cert(alice.resolve("enc.cert.pem")), s.peerEncryptionCertificate());
        assertEquals(List.of(cert(alice.resolve("sign.cert.pem")), cert(alice.resolve("enc.cert.pem")),
                cert(pki.resolve("intermediate/ca.cert.pem"))), s.peerCertificates(), "the chain without the root");

        Path lonely = Files.copy(alice.resolve("sign.key.pem"), dir.resolve("lonely.key.pem"));
        TlcpCommandTest.Run none = connect(new byte[0], concat(new String[] {"localhost:" + localhost.port(),
                "--sign-key", lonely.toString()}, trust()));
        assertEquals(64, none.exitCode(), none::toString);
        assertTrue(none.err().contains("give --sign-cert PEM") && none.err().contains("import-cert"), none::toString);
    }

    /** GmSSL 3.x servers: the signing certificate alone, CertificateVerify over the raw messages. */
    @Test
    void theCertificateShapeAndCertificateVerifyFormFollowTheOptions() throws Exception {
        Path alice = pki.resolve("issued/alice");
        String[] keys = {"--sign-key", alice.resolve("sign.key.pem").toString(), "--enc-key",
                alice.resolve("enc.key.pem").toString(), "--suite", "E013"};
        SESSIONS.clear();
        TlcpCommandTest.Run standard = connect(new byte[0], concat(new String[] {"localhost:" + localhost.port()},
                trust(), keys));
        assertEquals(0, standard.exitCode(), standard::toString);
        TlcpSession s = lastSession();
        assertEquals("HASH_OF_MESSAGES", s.certificateVerifyVariant());
        assertEquals(cert(alice.resolve("enc.cert.pem")), s.peerEncryptionCertificate());

        TlcpCommandTest.Run gmssl = connect(new byte[0], concat(new String[] {"localhost:" + localhost.port(),
                "--client-cert-shape", "sign-only", "--cert-verify", "raw"}, trust(), keys));
        assertEquals(0, gmssl.exitCode(), gmssl::toString);
        TlcpSession g = lastSession();
        assertEquals("RAW_MESSAGES", g.certificateVerifyVariant());
        assertNull(g.peerEncryptionCertificate(), "signing certificate and CA only");
        assertEquals(64, connect(new byte[0], concat(new String[] {"localhost:1", "--cert-verify", "sm3"}, trust()))
                .exitCode());
    }

    /** Before: one --password-* option opened both keys, so two keys with two passwords could not be used. */
    @Test
    void eachKeyHasItsOwnPasswordOptionAndTheShorthandIsNotMixedWithThem() throws Exception {
        Path alice = pki.resolve("issued/alice");
        Path keys = Files.createDirectories(dir.resolve("two-passwords"));
        for (String half : List.of("sign", "enc")) {
            Sm2PrivateKey key = PrivateKeyPem.read(MODULE, Files.readString(alice.resolve(half + ".key.pem")), null,
                    half);
            Files.writeString(keys.resolve(half + ".key.pem"), PrivateKeyPem.writeEncrypted(MODULE, key,
                    (half + "-password").toCharArray(), PrivateKeyPem.KeyEncryption.SM4, 1000));
            Files.copy(alice.resolve(half + ".chain.pem"), keys.resolve(half + ".chain.pem"));
            SecretFiles.write(keys.resolve(half + ".pw"), half + "-password\n");
        }
        String[] base = concat(new String[] {"localhost:" + localhost.port(), "--sign-key",
                keys.resolve("sign.key.pem").toString(), "--enc-key", keys.resolve("enc.key.pem").toString()}, trust());
        TlcpCommandTest.Run r = connect(new byte[0], concat(base, new String[] {"--sign-key-password-file",
                keys.resolve("sign.pw").toString(), "--enc-key-password-file", keys.resolve("enc.pw").toString()}));
        assertEquals(0, r.exitCode(), r::toString);
        TlcpCommandTest.Run oneForBoth = connect(new byte[0], concat(base, new String[] {"--password-file",
                keys.resolve("sign.pw").toString()}));
        assertEquals(77, oneForBoth.exitCode(), "the shorthand is one password for both: wrong for the enc key");
        TlcpCommandTest.Run mixed = connect(new byte[0], concat(base, new String[] {"--password-file",
                keys.resolve("sign.pw").toString(), "--enc-key-password-file", keys.resolve("enc.pw").toString()}));
        assertEquals(64, mixed.exitCode(), mixed::toString);
        assertTrue(mixed.err().contains("cannot be combined"), mixed::toString);
    }

    // --- revocation on the client side ---

    @Test
    void withCrlsEveryTrustAnchorNeedsACurrentOneAndTheReportSaysWhetherRevocationWasChecked() {
        TlcpCommandTest.Run checked = connect(new byte[0], concat(new String[] {"localhost:" + localhost.port()},
                trust(), TlcpCommandTest.crls(pki)));
        assertEquals(0, checked.exitCode(), checked::toString);
        assertTrue(checked.err().contains("revocation:    checked"), checked::toString);
        TlcpCommandTest.Run unchecked = connect(new byte[0], concat(new String[] {"localhost:" + localhost.port()},
                trust()));
        assertTrue(unchecked.err().contains("revocation:    not checked (no --crl given)"), unchecked::toString);
        TlcpCommandTest.Run rootCrlMissing = connect(new byte[0], concat(new String[] {"localhost:"
                + localhost.port(), "--crl", pki.resolve("intermediate/ca.crl.pem").toString()}, trust()));
        assertEquals(2, rootCrlMissing.exitCode(), rootCrlMissing::toString);
        assertTrue(rootCrlMissing.err().contains("trust anchor"), rootCrlMissing::toString);
    }
}
