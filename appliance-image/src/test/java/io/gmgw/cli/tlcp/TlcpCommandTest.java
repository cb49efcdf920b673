package io.gmgw.cli.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.cli.Launcher;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandler;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandshakeCompletionEvent;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code gmgw tlcp serve} and {@code gmgw tlcp connect} against each other, in-process, over loopback. */
class TlcpCommandTest {
    static final CryptoModule MODULE = TestModules.deterministic("tlcp-cli-tests");

    @TempDir
    static Path dir;
    static Path pki;
    static Path other;

    @BeforeAll
    static void pkis() {
        pki = dir.resolve("pki");
        other = dir.resolve("other");
        ok("pki", "init", "--dir", pki.toString());
        ok("pki", "issue", "--dir", pki.toString(), "--server", "localhost");
        ok("pki", "issue", "--dir", pki.toString(), "--client", "alice");
        ok("pki", "init", "--dir", other.toString());
    }

    static GmgwRun ok(String... args) {
        GmgwRun r = GmgwRun.run(() -> MODULE, args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    /** A connect run with bytes on standard input; stdout holds the relayed bytes after any text. */
    record Run(int exitCode, String out, String err, byte[] relayed) {
    }

    static Run connect(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("tlcp", "connect"));
        all.addAll(List.of(args));
        int code = new Launcher(() -> MODULE, new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(stdin), relayed).execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString(), relayed.toByteArray());
    }

    /** A running {@code tlcp serve}: its port once it listens, and its exit code when it stops. */
    static final class Serve {
        final CompletableFuture<Integer> port = new CompletableFuture<>();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final StringWriter err = new StringWriter();

        Serve(String... args) {
            this(() -> MODULE, args);
        }

        /** A serve run whose module (and so whose clock) comes from {@code module}. */
        Serve(java.util.function.Supplier<CryptoModule> module, String... args) {
            Pattern listening = Pattern.compile("listening on [^\\n]*:(\\d+)");
            StringBuilder text = new StringBuilder();
            Writer out = new Writer() {
                @Override
                public void write(char[] c, int off, int len) {
                    synchronized (text) {
                        text.append(c, off, len);
                        Matcher m = listening.matcher(text);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        }
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            List<String> all = new ArrayList<>(List.of("tlcp", "serve"));
            all.addAll(List.of(args));
            Thread.ofVirtual().start(() -> {
                int code = new Launcher(module, new PrintWriter(out), new PrintWriter(err))
                        .execute(all.toArray(String[]::new));
                exit.complete(code);
                port.completeExceptionally(new AssertionError("serve exited " + code + ": " + err));
            });
        }

        int port() throws Exception {
            return port.get(60, TimeUnit.SECONDS);
        }
    }

    static String[] serverKeys(Path p) {
        Path s = p.resolve("issued/localhost");
        return new String[] {"--sign-key", s.resolve("sign.key.pem").toString(),
                "--sign-cert", s.resolve("sign.cert.pem").toString(),
                "--enc-key", s.resolve("enc.key.pem").toString(),
                "--enc-cert", s.resolve("enc.cert.pem").toString(),
                "--chain", p.resolve("intermediate/ca.cert.pem").toString()};
    }

    static String[] clientKeys(Path p) {
        Path s = p.resolve("issued/alice");
        return new String[] {"--sign-key", s.resolve("sign.key.pem").toString(),
                "--sign-cert", s.resolve("sign.cert.pem").toString(),
                "--enc-key", s.resolve("enc.key.pem").toString(),
                "--enc-cert", s.resolve("enc.cert.pem").toString(),
                "--chain", p.resolve("intermediate/ca.cert.pem").toString()};
    }

    static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }

    static String root() {
        return pki.resolve("root/ca.cert.pem").toString();
    }

    /** The CRLs of both CAs of a gmgw PKI folder, as --crl options. */
    static String[] crls(Path p) {
        return new String[] {"--crl", p.resolve("root/ca.crl.pem").toString(), "--crl",
                p.resolve("intermediate/ca.crl.pem").toString()};
    }

    @Test
    void connectRelaysThroughServeOneWayAndMutual() throws Exception {
        Serve serve = new Serve(concat(new String[] {"--port", "0", "--bind", "127.0.0.1", "--naccept", "2",
                "--trust", root(), "--client-auth", "want"}, crls(pki), serverKeys(pki)));
        int port = serve.port();
        byte[] payload = "hello over TLCP\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
        Run oneWay = connect(payload, "127.0.0.1:" + port, "--trust", root(), "--server-name", "localhost");
        assertEquals(0, oneWay.exitCode, oneWay::toString);
        assertEquals(new String(payload, StandardCharsets.UTF_8), new String(oneWay.relayed, StandardCharsets.UTF_8));
        assertTrue(oneWay.err.contains("cipher suite:  TLCP_ECC_SM4_GCM_SM3 (E053)"), oneWay.err);
        assertTrue(oneWay.err.contains("chain check:   signing valid"), oneWay.err);

        Path reportFile = dir.resolve("mutual-report.json");
        Run mutual = connect("x".getBytes(), concat(new String[] {"localhost:" + port, "--trust", root(),
                "--suite", "ECDHE_SM4_GCM_SM3", "--report", reportFile.toString()}, clientKeys(pki)));
        assertEquals(0, mutual.exitCode, mutual::toString);
        assertEquals("", mutual.out, "the report went to the file; standard output carries only the server's data");
        JsonNode report = JsonMapper.builder().build().readTree(java.nio.file.Files.readString(reportFile));
        assertEquals("DNS name localhost", report.get("serverNameChecked").asString());
        assertEquals("E051", report.get("cipherSuiteId").asString());
        assertEquals("signing", report.get("serverCertificates").get(0).get("role").asString());
        assertTrue(report.get("encryptionChain").get("valid").asBoolean());
        assertEquals("x", new String(mutual.relayed, StandardCharsets.UTF_8));
        assertEquals(0, serve.exit.get(60, TimeUnit.SECONDS), serve.err::toString);
    }

    @Test
    void untrustedServerIsACertificateProblem() throws Exception {
        Serve serve = new Serve(concat(new String[] {"--port", "0", "--bind", "127.0.0.1", "--naccept", "1"},
                serverKeys(pki)));
        int port = serve.port();
        Run r = connect(new byte[0], "127.0.0.1:" + port, "--trust", other.resolve("root/ca.cert.pem").toString());
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.contains("unknown"), r::toString);
        assertEquals(0, serve.exit.get(60, TimeUnit.SECONDS));
    }

    @Test
    void serverThatNeedsAClientCertificateRefusesAnonymousClients() throws Exception {
        Serve serve = new Serve(concat(new String[] {"--port", "0", "--bind", "127.0.0.1", "--naccept", "1",
                "--trust", root(), "--client-auth", "need"}, crls(pki), serverKeys(pki)));
        Run r = connect(new byte[0], "localhost:" + serve.port(), "--trust", root());
        assertEquals(1, r.exitCode, r::toString);
        assertTrue(r.err.contains("handshake_failure"), r::toString);
        assertEquals(0, serve.exit.get(60, TimeUnit.SECONDS));
    }

    @Test
    void serverDroppingTheConnectionWithoutCloseNotifyFailsTheRelay() throws Exception {
        Path s = pki.resolve("issued/localhost");
        var keys = io.gmgw.crypto.key.KeyProviders.load(MODULE);
        var none = io.gmgw.crypto.key.KeyOptions.none();
        TlcpCredentials credentials = new TlcpCredentials(
                keys.open(s.resolve("sign.key.pem").toString(), none), cert(s.resolve("sign.cert.pem")),
                keys.open(s.resolve("enc.key.pem").toString(), none), cert(s.resolve("enc.cert.pem")),
                List.of(cert(pki.resolve("intermediate/ca.cert.pem"))));
        TlcpConfig config = TlcpConfig.server(MODULE, credentials).build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            // a server that, after the handshake, ends the TCP connection at once: no close_notify, nothing echoed
            Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(TlcpHandler.server(config, false), new ChannelInboundHandlerAdapter() {
                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                    if (evt instanceof TlcpHandshakeCompletionEvent e && e.isSuccess()) {
                                        // once our Finished is flushed (the handler does that after this event)
                                        ctx.executor().execute(
                                                () -> ctx.channel().unsafe().close(ctx.channel().voidPromise()));
                                    }
                                }
                            });
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int port = ((java.net.InetSocketAddress) listener.localAddress()).getPort();
            // standard input that never ends before the drop: the relay cannot have finished
            java.io.PipedOutputStream keepOpen = new java.io.PipedOutputStream();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = new Launcher(() -> MODULE, new PrintWriter(out), new PrintWriter(err),
                    new java.io.PipedInputStream(keepOpen), new ByteArrayOutputStream())
                    .execute("tlcp", "connect", "127.0.0.1:" + port, "--trust", root(), "--server-name", "localhost");
            keepOpen.close();
            assertEquals(1, code, err::toString);
            assertTrue(err.toString().contains("without close_notify"), err::toString);
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static Sm2Certificate cert(Path p) throws java.io.IOException {
        return Sm2Certificate.fromPem(java.nio.file.Files.readString(p)).get(0);
    }

    @Test
    void nobodyListeningIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = connect(new byte[0], "127.0.0.1:" + port, "--trust", root());
        assertEquals(69, r.exitCode, r::toString);
        assertTrue(r.err.contains("cannot connect"), r::toString);
    }

    @Test
    void usageErrors() {
        assertEquals(64, connect(new byte[0], "127.0.0.1:1", "--trust", root(), "--suite", "RSA_SM4").exitCode);
        assertEquals(64, connect(new byte[0], "no-port", "--trust", root()).exitCode);
        GmgwRun serve = GmgwRun.run(() -> MODULE, "tlcp", "serve", "--port", "0", "--sign-key", "k", "--sign-cert", "c");
        assertEquals(64, serve.exitCode(), serve::toString);
        assertTrue(serve.err().contains("--enc-key"), serve::toString);
    }

    @Test
    void helpListsExitCodes() {
        GmgwRun r = GmgwRun.run("tlcp", "connect", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("Exit Codes") || r.out().contains("Exit codes"), r.out());
        assertTrue(r.out().contains("--server-name"));
    }
}
