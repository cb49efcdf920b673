package io.gmgw.cli.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.pkcs11.key.Pkcs11KeyHandle;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tlcp.KeyOperationExecutor;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.gmgw.testing.SecretFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real TLCP handshakes (gateway-sslvpn's engine, in memory) with every private key in a PKCS#11 token: the server's
 * double pair in one soft smart key token, the client's in another, keys generated inside the tokens with
 * {@code gmgw token keygen} and certified with {@code gmgw pki issue}. Every suite, mutual authentication: the
 * ServerKeyExchange and CertificateVerify signatures, the pre-master decryption (ECC) and the SM2 key agreement
 * (ECDHE, through the soft key's key-exchange mechanism) all happen in the tokens.
 */
class TokenTlcpHandshakeTest {
    private static final CryptoModule MODULE = TestModules.deterministic("token-tlcp-tests");

    @TempDir
    Path dir;
    private Path library;
    private Path user;
    private Path pki;

    @BeforeEach
    void setUp() throws IOException {
        library = SoftKeyFixture.library();
        SoftKeyFixture.freshStore("profile = 0x8000\nslots = 2\n");
        Path so = SecretFiles.write(dir.resolve("so.pin"), "so-pin-2468\n");
        user = SecretFiles.write(dir.resolve("user.pin"), "user-pin-1357\n");
        pki = dir.resolve("pki");
        ok("pki", "init", "--dir", pki.toString());
        String[][] parties = {{"0", "server", "--server", "gw1"}, {"1", "client", "--client", "alice"}};
        for (String[] party : parties) {
            ok("token", "init", "--module", library.toString(), "--slot", party[0], "--label", party[1],
                    "--so-pin-source", "file:" + so, "--pin-source", "file:" + user);
            for (String key : new String[] {"sign", "enc"}) {
                ok("token", "keygen", "--module", library.toString(), "--token", party[1], "--label", key,
                        "--pin-source", "file:" + user);
            }
            ok("pki", "issue", "--dir", pki.toString(), party[2], party[3], "--password-file", user.toString(),
                    "--sign-key", uri(party[1], "sign"), "--enc-key", uri(party[1], "enc"));
        }
    }

    private String uri(String token, String object) {
        return "pkcs11:token=" + token + ";object=" + object + "?module-path=" + library + "&x-monitor-ms=0";
    }

    private static void ok(String... args) {
        GmgwRun r = GmgwRun.run(() -> MODULE, args);
        assertEquals(0, r.exitCode(), r::toString);
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void mutualHandshakeWithEveryKeyInATokenCarriesData(CipherSuite suite) throws IOException {
        KeyProviders providers = KeyProviders.load(MODULE);
        KeyOptions pin = KeyOptions.none();
        try (KeyHandle serverSign = providers.open(uri("server", "sign") + "&pin-source=file:" + user, pin);
                KeyHandle serverEnc = providers.open(uri("server", "enc") + "&pin-source=file:" + user, pin);
                KeyHandle clientSign = providers.open(uri("client", "sign") + "&pin-source=file:" + user, pin);
                KeyHandle clientEnc = providers.open(uri("client", "enc") + "&pin-source=file:" + user, pin)) {
            assertInstanceOf(Pkcs11KeyHandle.class, serverEnc);
            List<Sm2Certificate> serverChain = chain("gw1");
            List<Sm2Certificate> clientChain = chain("alice");
            Sm2Certificate root = serverChain.get(serverChain.size() - 1);
            List<io.gmgw.crypto.pki.Sm2Crl> crls = new java.util.ArrayList<>(
                    io.gmgw.crypto.pki.CrlReloader.read(pki.resolve("root/ca.crl.pem")));
            crls.addAll(io.gmgw.crypto.pki.CrlReloader.read(pki.resolve("intermediate/ca.crl.pem")));
            CertificateVerifier verifier = CertificateVerifier.builder(MODULE).trustAnchors(List.of(root)).crls(crls)
                    .revocationPolicy(io.gmgw.crypto.pki.RevocationPolicy.REQUIRE).build();
            TlcpCredentials server = new TlcpCredentials(serverSign, cert("gw1", "sign"), serverEnc, cert("gw1", "enc"),
                    serverChain.subList(1, serverChain.size()));
            TlcpCredentials client = new TlcpCredentials(clientSign, cert("alice", "sign"), clientEnc,
                    cert("alice", "enc"), clientChain.subList(1, clientChain.size()));
            TlcpConfig serverConfig = TlcpConfig.server(MODULE, server).suites(List.of(suite))
                    .clientAuth(ClientAuth.NEED).clientVerifier(verifier).build();
            TlcpConfig clientConfig = TlcpConfig.client(MODULE, verifier).credentials(client).suites(List.of(suite))
                    .serverName("gw1", true).build();

            Pair pair = new Pair(clientConfig, serverConfig);
            pair.clientEngine.start();
            pair.pump();
            assertNull(pair.client.failure, () -> "client: " + pair.client.failure);
            assertNull(pair.server.failure, () -> "server: " + pair.server.failure);
            assertNotNull(pair.client.session, "client handshake did not complete");
            assertNotNull(pair.server.session, "server handshake did not complete");
            assertEquals(suite, pair.client.session.suite());
            assertEquals(cert("alice", "sign"), pair.server.session.peerCertificates().get(0));

            byte[] request = "GET / over a token-keyed TLCP channel".getBytes(StandardCharsets.US_ASCII);
            pair.clientEngine.send(request, 0, request.length);
            pair.pump();
            assertArrayEquals(request, pair.server.received.toByteArray());
            byte[] reply = new byte[20_000];
            MODULE.random().nextBytes(reply);
            pair.serverEngine.send(reply, 0, reply.length);
            pair.pump();
            assertArrayEquals(reply, pair.client.received.toByteArray());
        }
    }

    /**
     * The server's token is pulled out after it signed ServerKeyExchange: its decryption of the ClientKeyExchange
     * fails with a PKCS#11 error (no token), not a "bad ciphertext" code. The server must still take the random
     * pre-master path, say nothing until the client's Finished, and fail that with bad_record_mac as for any bad
     * ciphertext; the token error is in its own message only.
     */
    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"ECC_SM4_CBC_SM3", "ECC_SM4_GCM_SM3"})
    void aTokenFailingThePreMasterDecryptionFailsOnlyAtFinished(CipherSuite suite) throws IOException {
        KeyProviders providers = KeyProviders.load(MODULE);
        try (KeyHandle serverSign = providers.open(uri("server", "sign") + "&pin-source=file:" + user, KeyOptions.none());
                KeyHandle serverEnc = providers.open(uri("server", "enc") + "&pin-source=file:" + user,
                        KeyOptions.none())) {
            List<Sm2Certificate> serverChain = chain("gw1");
            Sm2Certificate root = serverChain.get(serverChain.size() - 1);
            CertificateVerifier verifier = CertificateVerifier.builder(MODULE).trustAnchors(List.of(root)).build();
            TlcpCredentials server = new TlcpCredentials(serverSign, cert("gw1", "sign"), serverEnc, cert("gw1", "enc"),
                    serverChain.subList(1, serverChain.size()));
            Pair pair = new Pair(TlcpConfig.client(MODULE, verifier).suites(List.of(suite)).build(),
                    TlcpConfig.server(MODULE, server).suites(List.of(suite)).build());
            pair.clientEngine.start();
            Pair.deliver(pair.serverEngine, pair.server, pair.client.outbound.poll()); // ClientHello
            while (!pair.server.outbound.isEmpty()) { // the server's flight, signed in the token
                Pair.deliver(pair.clientEngine, pair.client, pair.server.outbound.poll());
            }
            Path store = Path.of(System.getProperty("gmgw.softkey.store"));
            Files.writeString(store.resolve("slot0").resolve("removed"), ""); // the server's token leaves its slot
            byte[] keyExchange = pair.client.outbound.poll();
            Pair.deliver(pair.serverEngine, pair.server, keyExchange);
            assertNull(pair.server.failure, () -> "the server answered the ClientKeyExchange: " + pair.server.failure);
            assertTrue(pair.server.outbound.isEmpty(), "the server stays silent until the client's Finished");
            pair.pump();
            assertNotNull(pair.server.failure);
            assertEquals(io.gmgw.sslvpn.tlcp.protocol.AlertDescription.BAD_RECORD_MAC, pair.server.failure.alert(),
                    pair.server.failure::getMessage);
            assertEquals(io.gmgw.sslvpn.tlcp.protocol.AlertDescription.BAD_RECORD_MAC, pair.client.failure.alert());
            assertTrue(pair.server.failure.getMessage().contains("could not decrypt the ClientKeyExchange"),
                    pair.server.failure.getMessage());
        }
    }

    /**
     * {@code tlcp connect} with keys on a token and their certificates stored next to them ({@code token import-cert}):
     * no --sign-cert or --enc-cert, the pkcs11: provider hands the certificates out with the keys. The server needs a
     * client certificate, so a connection that succeeds has sent the token's.
     */
    @Test
    void connectFindsTheCertificatesStoredOnTheToken() throws Exception {
        for (String key : new String[] {"sign", "enc"}) {
            ok("token", "import-cert", "--module", library.toString(), "--token", "client", "--label", key,
                    "--pin-source", "file:" + user, pki.resolve("issued/alice/" + key + ".cert.pem").toString());
        }
        KeyProviders providers = KeyProviders.load(MODULE);
        try (KeyHandle serverSign = providers.open(uri("server", "sign") + "&pin-source=file:" + user,
                        KeyOptions.none());
                KeyHandle serverEnc = providers.open(uri("server", "enc") + "&pin-source=file:" + user,
                        KeyOptions.none())) {
            List<Sm2Certificate> serverChain = chain("gw1");
            List<io.gmgw.crypto.pki.Sm2Crl> crls = new java.util.ArrayList<>(
                    io.gmgw.crypto.pki.CrlReloader.read(pki.resolve("root/ca.crl.pem")));
            crls.addAll(io.gmgw.crypto.pki.CrlReloader.read(pki.resolve("intermediate/ca.crl.pem")));
            CertificateVerifier verifier = CertificateVerifier.builder(MODULE)
                    .trustAnchors(List.of(serverChain.get(serverChain.size() - 1))).crls(crls)
                    .revocationPolicy(io.gmgw.crypto.pki.RevocationPolicy.REQUIRE).build();
            TlcpConfig serverConfig = TlcpConfig.server(MODULE, new TlcpCredentials(serverSign, cert("gw1", "sign"),
                    serverEnc, cert("gw1", "enc"), serverChain.subList(1, serverChain.size())))
                    .suites(List.of(CipherSuite.ECC_SM4_CBC_SM3)).clientAuth(ClientAuth.NEED).clientVerifier(verifier)
                    .build();
            java.util.concurrent.BlockingQueue<TlcpSession> sessions = new java.util.concurrent.LinkedBlockingQueue<>();
            try (var server = io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer.start(serverConfig,
                    new java.net.InetSocketAddress("127.0.0.1", 0), 1,
                    new io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer.Observer() {
                        @Override
                        public void handshake(java.net.SocketAddress peer,
                                io.gmgw.sslvpn.tlcp.netty.TlcpHandshakeCompletionEvent outcome) {
                            if (outcome.isSuccess()) {
                                sessions.add(outcome.session());
                            }
                        }

                        @Override
                        public void closed(java.net.SocketAddress peer) {
                        }
                    })) {
                java.io.StringWriter out = new java.io.StringWriter();
                java.io.StringWriter err = new java.io.StringWriter();
                ByteArrayOutputStream relayed = new ByteArrayOutputStream();
                int code = new io.gmgw.cli.Launcher(() -> MODULE, new java.io.PrintWriter(out),
                        new java.io.PrintWriter(err), new java.io.ByteArrayInputStream("via the token".getBytes()),
                        relayed).execute("tlcp", "connect", "127.0.0.1:" + server.port(), "--server-name", "gw1",
                        "--trust", pki.resolve("root/ca.cert.pem").toString(),
                        "--sign-key", uri("client", "sign"), "--enc-key", uri("client", "enc"),
                        "--password-file", user.toString(),
                        "--chain", pki.resolve("intermediate/ca.cert.pem").toString());
                assertEquals(0, code, () -> out + "\n" + err);
                assertEquals("via the token", relayed.toString(StandardCharsets.UTF_8));
                TlcpSession s = sessions.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                assertNotNull(s, "the server saw no handshake");
                assertEquals(cert("alice", "sign"), s.peerSigningCertificate());
                assertEquals(cert("alice", "enc"), s.peerEncryptionCertificate());
            }
        }
    }

    /**
     * A server whose keys are on a token, behind the Netty handler with a key-operation executor: the token key says
     * it may block, so its ServerKeyExchange signature and pre-master decryption are handed to the executor (counted
     * as they are submitted, before the handshake can finish) rather than made on the event loop.
     */
    @Test
    void tokenKeysSignAndDecryptOffTheEventLoop() throws Exception {
        KeyProviders providers = KeyProviders.load(MODULE);
        try (KeyHandle serverSign = providers.open(uri("server", "sign") + "&pin-source=file:" + user,
                        KeyOptions.none());
                KeyHandle serverEnc = providers.open(uri("server", "enc") + "&pin-source=file:" + user,
                        KeyOptions.none());
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            assertTrue(serverSign.mayBlock() && serverEnc.mayBlock(), "token keys may block");
            java.util.concurrent.atomic.AtomicInteger submitted = new java.util.concurrent.atomic.AtomicInteger();
            KeyOperationExecutor keys = KeyOperationExecutor.on(r -> {
                submitted.incrementAndGet();
                pool.execute(r);
            }, 4);
            List<Sm2Certificate> serverChain = chain("gw1");
            CertificateVerifier verifier = CertificateVerifier.builder(MODULE)
                    .trustAnchors(List.of(serverChain.get(serverChain.size() - 1))).build();
            TlcpConfig serverConfig = TlcpConfig.server(MODULE, new TlcpCredentials(serverSign, cert("gw1", "sign"),
                    serverEnc, cert("gw1", "enc"), serverChain.subList(1, serverChain.size())))
                    .suites(List.of(CipherSuite.ECC_SM4_GCM_SM3)).keyOperationExecutor(keys).build();
            TlcpConfig clientConfig = TlcpConfig.client(MODULE, verifier).serverName("gw1", false).build();
            try (var server = io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer.start(serverConfig,
                    new java.net.InetSocketAddress("127.0.0.1", 0), 1);
                    var tlcp = new io.gmgw.sslvpn.tlcp.netty.TlcpClient(1)) {
                var c = tlcp.connect(clientConfig, "127.0.0.1", server.port(), java.time.Duration.ofSeconds(5),
                        new io.netty.channel.ChannelInboundHandlerAdapter());
                TlcpSession session = c.handshake().get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(CipherSuite.ECC_SM4_GCM_SM3, session.suite());
                assertEquals(2, submitted.get(), "the signature and the decryption went to the executor");
                assertEquals(0, keys.refused());
                c.channel().close().sync();
            }
        }
    }

    @Test
    void aTokenWithoutKeyAgreementCannotServeEcdheAndSaysSo() throws IOException {
        // the same server keys opened under a profile that names no key-exchange mechanism
        Path profile = dir.resolve("no-kx.properties");
        try (var in = Pkcs11KeyHandle.class.getResourceAsStream("/io/gmgw/pkcs11/profile/gmgw-softkey.properties")) {
            Files.writeString(profile, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("name = gmgw-softkey", "name = softkey-no-kx")
                    .replace("ckm.sm2.key-exchange = 0x80008400", "ckm.sm2.key-exchange = -"));
        }
        String noKx = "&x-profile=" + profile + "&pin-source=file:" + user;
        try (KeyHandle enc = KeyProviders.load(MODULE).open(uri("server", "enc") + noKx, KeyOptions.none())) {
            assertTrue(enc.capabilities().contains(KeyHandle.Capability.DECRYPT));
            assertTrue(!enc.capabilities().contains(KeyHandle.Capability.KEY_EXCHANGE));
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.gmgw.crypto.key.UnsupportedKeyOperationException.class,
                    () -> enc.keyExchange(io.gmgw.crypto.sm2.Sm2KeyExchange.Role.INITIATOR, new byte[16]));
            assertTrue(e.getMessage().contains("cannot serve ECDHE"), e.getMessage());
        }
    }

    private List<Sm2Certificate> chain(String name) throws IOException {
        return Sm2Certificate.fromPem(Files.readString(pki.resolve("issued/" + name + "/sign.chain.pem")));
    }

    private Sm2Certificate cert(String name, String which) throws IOException {
        return Sm2Certificate.fromPem(Files.readString(pki.resolve("issued/" + name + "/" + which + ".cert.pem"))).get(0);
    }

    /** A client and a server engine back to back in memory; bytes are queued and pumped until both are quiet. */
    private static final class Pair {
        final Side client = new Side();
        final Side server = new Side();
        final TlcpEngine clientEngine;
        final TlcpEngine serverEngine;

        Pair(TlcpConfig clientConfig, TlcpConfig serverConfig) {
            clientEngine = TlcpEngine.client(clientConfig, client, "gw1:443");
            serverEngine = TlcpEngine.server(serverConfig, server);
        }

        void pump() {
            boolean moved = true;
            while (moved) {
                moved = false;
                while (!client.outbound.isEmpty()) {
                    moved = true;
                    deliver(serverEngine, server, client.outbound.poll());
                }
                while (!server.outbound.isEmpty()) {
                    moved = true;
                    deliver(clientEngine, client, server.outbound.poll());
                }
            }
        }

        static void deliver(TlcpEngine engine, Side side, byte[] b) {
            try {
                engine.receive(b, 0, b.length);
            } catch (TlcpAlertException e) {
                if (side.failure == null) {
                    side.failure = e;
                }
            }
        }
    }

    private static final class Side implements TlcpEngine.Listener {
        final Deque<byte[]> outbound = new ArrayDeque<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        TlcpSession session;
        TlcpAlertException failure;

        @Override
        public void networkOutput(byte[] bytes) {
            outbound.add(bytes);
        }

        @Override
        public void applicationData(byte[] data, int off, int len) {
            received.write(data, off, len);
        }

        @Override
        public void handshakeComplete(TlcpSession s) {
            session = s;
        }

        @Override
        public void closeNotifyReceived() {
        }
    }
}
