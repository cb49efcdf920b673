package io.gmgw.cli.tlcp;

import static io.gmgw.cli.tlcp.TlcpCommandTest.MODULE;
import static io.gmgw.cli.tlcp.TlcpCommandTest.concat;
import static io.gmgw.cli.tlcp.TlcpCommandTest.connect;
import static io.gmgw.cli.tlcp.TlcpCommandTest.crls;
import static io.gmgw.cli.tlcp.TlcpCommandTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code tlcp serve} checks before and while it serves: revocation (fail closed, an explicit waiver that is loud,
 * new CRLs without a restart), its own certificates' validity, and what a failed bind means.
 */
class TlcpServeChecksTest {
    @TempDir
    static Path dir;
    static Path pki;

    @BeforeAll
    static void pki() {
        pki = dir.resolve("pki");
        ok("pki", "init", "--dir", pki.toString());
        ok("pki", "issue", "--dir", pki.toString(), "--server", "localhost");
        for (String user : new String[] {"carol", "mallory"}) {
            ok("pki", "issue", "--dir", pki.toString(), "--client", user);
        }
        ok("pki", "revoke", "--dir", pki.toString(), "--cert", pki.resolve("issued/mallory/sign.cert.pem").toString());
    }

    /** The server's keys; their certificates and chain are found beside them. */
    static String[] serverKeys(Path p) {
        Path s = p.resolve("issued/localhost");
        return new String[] {"--sign-key", s.resolve("sign.key.pem").toString(), "--enc-key",
                s.resolve("enc.key.pem").toString()};
    }

    static String[] clientKeys(Path p, String user) {
        Path s = p.resolve("issued/" + user);
        return new String[] {"--sign-key", s.resolve("sign.key.pem").toString(), "--enc-key",
                s.resolve("enc.key.pem").toString()};
    }

    static String[] trust(Path p) {
        return new String[] {"--trust", p.resolve("root/ca.cert.pem").toString()};
    }

    static String[] listen(String... more) {
        return concat(new String[] {"--port", "0", "--bind", "127.0.0.1"}, more);
    }

    static GmgwRun serveRun(String... args) {
        return GmgwRun.run(() -> MODULE, concat(new String[] {"tlcp", "serve"}, args));
    }

    // --- revocation ---

    /** Before: the server started and accepted revoked clients in silence. */
    @Test
    void aServerAskingForClientCertificatesWithoutCrlsRefusesToStart() {
        GmgwRun want = serveRun(concat(listen("--client-auth", "want"), trust(pki), serverKeys(pki)));
        assertEquals(64, want.exitCode(), want::toString);
        assertTrue(want.err().contains("no CRL to check them for revocation") && want.err().contains("--crl FILE")
                && want.err().contains("--no-revocation-check"), want::toString);
        GmgwRun ecdhe = serveRun(concat(listen(), trust(pki), serverKeys(pki)));
        assertEquals(64, ecdhe.exitCode(), "ECDHE suites ask for client certificates too: " + ecdhe);

        GmgwRun rootCrlMissing = serveRun(concat(listen("--client-auth", "need", "--crl",
                pki.resolve("intermediate/ca.crl.pem").toString()), trust(pki), serverKeys(pki)));
        assertEquals(2, rootCrlMissing.exitCode(), rootCrlMissing::toString);
        assertTrue(rootCrlMissing.err().contains("trust anchor") && rootCrlMissing.err().contains("CRL"),
                rootCrlMissing::toString);

        assertEquals(64, serveRun(concat(listen("--crl", pki.resolve("root/ca.crl.pem").toString()), serverKeys(pki)))
                .exitCode(), "--crl without --trust");
        assertEquals(64, serveRun(concat(listen("--client-auth", "need", "--no-revocation-check"), crls(pki),
                trust(pki), serverKeys(pki))).exitCode(), "--no-revocation-check with --crl");
    }

    @Test
    void withCrlsARevokedClientIsRefused() throws Exception {
        TlcpCommandTest.Serve serve = new TlcpCommandTest.Serve(concat(listen("--naccept", "2", "--client-auth",
                "need"), crls(pki), trust(pki), serverKeys(pki)));
        TlcpCommandTest.Run mallory = connect(new byte[0], concat(new String[] {"localhost:" + serve.port()},
                trust(pki), clientKeys(pki, "mallory")));
        assertEquals(2, mallory.exitCode(), mallory::toString);
        assertTrue(mallory.err().contains("certificate_revoked"), mallory::toString);
        TlcpCommandTest.Run carol = connect(new byte[0], concat(new String[] {"localhost:" + serve.port()},
                trust(pki), clientKeys(pki, "carol")));
        assertEquals(0, carol.exitCode(), carol::toString);
        assertEquals(0, serve.exit.get(60, TimeUnit.SECONDS), serve.err::toString);
    }

    @Test
    void withoutRevocationCheckingTheServerSaysSoOnStderrAndInTheAuditLog() throws Exception {
        try (AuditCapture audit = new AuditCapture()) {
            TlcpCommandTest.Serve serve = new TlcpCommandTest.Serve(concat(listen("--naccept", "1", "--client-auth",
                    "need", "--no-revocation-check"), trust(pki), serverKeys(pki)));
            TlcpCommandTest.Run mallory = connect(new byte[0], concat(new String[] {"localhost:" + serve.port()},
                    trust(pki), clientKeys(pki, "mallory")));
            assertEquals(0, mallory.exitCode(), "what the option means: a revoked client gets in; " + mallory);
            assertEquals(0, serve.exit.get(60, TimeUnit.SECONDS), serve.err::toString);
            assertTrue(serve.err.toString().contains("WARNING: --no-revocation-check: client certificates are NOT "
                    + "checked for revocation"), serve.err::toString);
            assertTrue(audit.lines().stream().anyMatch(l -> l.contains("\"event\":\"tlcp.server-start\"")
                    && l.contains("\"severity\":\"warning\"") && l.contains("\"revocation\":\"OFF "
                    + "(--no-revocation-check)\"")), () -> String.valueOf(audit.lines()));
        }
    }

    /**
     * Before: a running server never saw a new CRL. Now it re-reads a replaced CRL file (here every second) and uses
     * it for the next handshake; a replacement it cannot use leaves the current CRLs in place. The test waits for the
     * audit line of each reload, not for a time.
     */
    @Test
    void aNewCrlIsUsedWithoutARestartAndABadOneIsRefused() throws Exception {
        Path p = dir.resolve("reload-pki");
        ok("pki", "init", "--dir", p.toString());
        ok("pki", "issue", "--dir", p.toString(), "--server", "localhost");
        ok("pki", "issue", "--dir", p.toString(), "--client", "bob");
        ok("pki", "issue", "--dir", p.toString(), "--client", "dave");
        try (AuditCapture audit = new AuditCapture()) {
            TlcpCommandTest.Serve serve = new TlcpCommandTest.Serve(concat(listen("--naccept", "3", "--client-auth",
                    "need", "--crl-check-interval", "1"), crls(p), trust(p), serverKeys(p)));
            String target = "localhost:" + serve.port();
            assertEquals(0, connect(new byte[0], concat(new String[] {target}, trust(p), clientKeys(p, "bob")))
                    .exitCode());

            ok("pki", "revoke", "--dir", p.toString(), "--cert", p.resolve("issued/bob/sign.cert.pem").toString());
            String reloaded = audit.awaitNext("crl.reload", p.resolve("intermediate/ca.crl.pem").toString(), 60);
            assertTrue(reloaded.contains("\"outcome\":\"success\""), reloaded);
            assertTrue(reloaded.contains("number 2"), reloaded);
            TlcpCommandTest.Run bob = connect(new byte[0], concat(new String[] {target}, trust(p),
                    clientKeys(p, "bob")));
            assertEquals(2, bob.exitCode(), bob::toString);
            assertTrue(bob.err().contains("certificate_revoked"), bob::toString);

            Path rootCrl = p.resolve("root/ca.crl.pem");
            Path broken = Files.writeString(dir.resolve("broken.crl.pem"), "-----BEGIN X509 CRL-----\nAAAA\n"
                    + "-----END X509 CRL-----\n");
            Files.move(broken, rootCrl, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String refused = audit.awaitNext("crl.reload", rootCrl.toString(), 60);
            assertTrue(refused.contains("\"outcome\":\"failure\""), refused);
            assertTrue(refused.contains("keeping"), refused);
            TlcpCommandTest.Run dave = connect(new byte[0], concat(new String[] {target}, trust(p),
                    clientKeys(p, "dave")));
            assertEquals(0, dave.exitCode(), "the root's CRL in use is still the good one: " + dave);
            assertEquals(0, serve.exit.get(60, TimeUnit.SECONDS), serve.err::toString);
        }
    }

    // --- its own certificates ---

    static CryptoModule moduleAt(Instant now) {
        return CryptoModule.start(CryptoModule.Options.deterministic("serve-at".getBytes())
                .clock(Clock.fixed(now, ZoneOffset.UTC)));
    }

    /** Before: the server started with an expired certificate and only its clients found out. */
    @Test
    void anExpiredCertificateStopsTheServerAndOneAboutToExpireIsAnnounced() throws Exception {
        Path signCert = pki.resolve("issued/localhost/sign.cert.pem");
        Sm2Certificate sign = Sm2Certificate.fromPem(Files.readString(signCert)).get(0);
        CryptoModule later = moduleAt(sign.notAfter().plus(Duration.ofDays(1)));
        GmgwRun expired = GmgwRun.run(() -> later, concat(new String[] {"tlcp", "serve"}, listen(), serverKeys(pki)));
        assertEquals(2, expired.exitCode(), expired::toString);
        assertTrue(expired.err().contains("not starting: clients would refuse the signing certificate (with the key "
                + pki.resolve("issued/localhost/sign.key.pem")), expired::toString);
        assertTrue(expired.err().contains("expired on " + sign.notAfter()) && expired.err().contains("valid from "
                + sign.notBefore()), expired::toString);
        assertTrue(expired.err().contains("the encryption certificate"), "both are checked: " + expired);

        CryptoModule early = moduleAt(sign.notBefore().minus(Duration.ofDays(1)));
        GmgwRun notYet = GmgwRun.run(() -> early, concat(new String[] {"tlcp", "serve"}, listen(), serverKeys(pki)));
        assertEquals(2, notYet.exitCode(), notYet::toString);
        assertTrue(notYet.err().contains("is not valid before"), notYet::toString);

        CryptoModule soon = moduleAt(sign.notAfter().minus(Duration.ofDays(10)));
        TlcpCommandTest.Serve serve = new TlcpCommandTest.Serve(() -> soon, concat(listen("--naccept", "1"),
                serverKeys(pki)));
        int port = serve.port();
        assertTrue(serve.err.toString().contains("warning: the signing certificate (with the key"), serve.err::toString);
        assertTrue(serve.err.toString().contains("expires on " + sign.notAfter() + ", in 10 days"),
                serve.err::toString);
        assertEquals(0, connect(new byte[0], "localhost:" + port, "--trust", pki.resolve("root/ca.cert.pem")
                .toString()).exitCode());
        assertEquals(0, serve.exit.get(60, TimeUnit.SECONDS), serve.err::toString);

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // checked before the bind, which then fails: the run ends without serving
            GmgwRun quiet = GmgwRun.run(() -> soon, concat(new String[] {"tlcp", "serve", "--expiry-warning", "5",
                    "--port", String.valueOf(taken.getLocalPort()), "--bind", "127.0.0.1"}, serverKeys(pki)));
            assertEquals(69, quiet.exitCode(), quiet::toString);
            assertFalse(quiet.err().contains("warning"), "5 days ahead is not yet: " + quiet);
        }
    }

    // --- the address ---

    /** Before: exit 74 and "check the path, its permissions and the free space". */
    @Test
    void aPortInUseNamesTheAddressAndPortAndExits69() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            GmgwRun r = serveRun(concat(new String[] {"--port", String.valueOf(port), "--bind", "127.0.0.1"},
                    serverKeys(pki)));
            assertEquals(69, r.exitCode(), r::toString);
            assertTrue(r.err().contains("cannot listen on address 127.0.0.1 port " + port + ": the port is in use"),
                    r::toString);
            assertTrue(r.err().contains("choose another --port"), r::toString);
            assertFalse(r.err().contains("free space"), r::toString);
        }
    }

    /** Binding a port below 1024 without the privilege is permission denied, 77, as every permission problem. */
    @Test
    void aPortThatMayNotBeBoundIsPermissionDenied() {
        CommandFailedException denied = TlcpServeCommand.bindFailure(new BindException("Permission denied"),
                "0.0.0.0", 443);
        assertEquals(ExitCode.PERMISSION_DENIED, denied.exitCode());
        assertTrue(denied.getMessage().contains("address 0.0.0.0 port 443")
                && denied.getMessage().contains("CAP_NET_BIND_SERVICE"), denied.getMessage());
        CommandFailedException elsewhere = TlcpServeCommand.bindFailure(
                new BindException("Cannot assign requested address"), "192.0.2.1", 4433);
        assertEquals(ExitCode.UNAVAILABLE, elsewhere.exitCode());
        assertTrue(elsewhere.getMessage().contains("not on this host"), elsewhere.getMessage());
    }
}
