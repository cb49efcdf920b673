package io.gmgw.cli.tlcp;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandshakeCompletionEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gmgw tlcp serve}: a TLCP echo server, like {@code openssl s_server}, one log line per handshake. */
@ExitCodes(ExitCode.UNAVAILABLE)
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run a TLCP server that echoes each connection's application data back, until stopped "
                + "(Ctrl-C, SIGTERM) or after --naccept connections.",
                "Prints 'listening on ADDRESS:PORT' first (with --port 0 the system picks the port), then one "
                        + "line per handshake: peer, suite, client certificate, or why it failed."},
        footerHeading = "%nExample:%n",
        footer = {"  gmgw tlcp serve --port 4433 --bind 127.0.0.1 --client-auth want \\",
                "      --sign-key demo/pki/issued/localhost/sign.key.pem \\",
                "      --sign-cert demo/pki/issued/localhost/sign.cert.pem \\",
                "      --enc-key demo/pki/issued/localhost/enc.key.pem \\",
                "      --enc-cert demo/pki/issued/localhost/enc.cert.pem \\",
                "      --chain demo/pki/intermediate/ca.cert.pem \\",
                "      --trust demo/pki/root/ca.cert.pem"})
final class TlcpServeCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", required = true, description = "TCP port (0: any free port).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    private String bind;

    @Option(names = "--trust", paramLabel = "CA.pem",
            description = "Trust anchors for client certificates (needed for --client-auth want/need and ECDHE).")
    private Path trust;

    @Option(names = "--client-auth", paramLabel = "none|want|need", defaultValue = "none",
            description = "Ask for client certificates: none, want (accept none) or need (default: ${DEFAULT-VALUE})."
                    + " ECDHE suites always ask.")
    private String clientAuth;

    @Option(names = "--naccept", paramLabel = "N", description = "Stop after N connections have ended.")
    private Integer naccept;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Event-loop threads (default: one per core).")
    private int threads;

    @Mixin
    private TlcpEndpointOptions endpoint;

    TlcpServeCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        ClientAuth auth;
        try {
            auth = ClientAuth.valueOf(clientAuth.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.USAGE, "--client-auth must be none, want or need, not '"
                    + clientAuth + "'");
        }
        if (port < 0 || port > 65535) {
            throw new CommandFailedException(ExitCode.USAGE, "--port must be 0..65535, not " + port);
        }
        if (endpoint.signKey == null || endpoint.encKey == null) {
            throw new CommandFailedException(ExitCode.USAGE, "a TLCP server needs --sign-key/--sign-cert and "
                    + "--enc-key/--enc-cert (GM/T 0024 double certificates)");
        }
        if (auth != ClientAuth.NONE && trust == null) {
            throw new CommandFailedException(ExitCode.USAGE, "--client-auth " + clientAuth + " needs --trust CA.pem");
        }
        CryptoModule module = bootstrap.approvedModule();
        TlcpCredentials credentials = endpoint.credentials(module);
        CertificateVerifier verifier = trust == null ? null : endpoint.verifier(module, trust);
        TlcpConfig config = TlcpConfig.server(module, credentials).suites(endpoint.suites()).clientAuth(auth)
                .clientVerifier(verifier).sessionCache(TlcpSessionCache.defaults(module.clock())).build();
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger ended = new AtomicInteger();
        TlcpEchoServer.Observer observer = new TlcpEchoServer.Observer() {
            @Override
            public void handshake(SocketAddress peer, TlcpHandshakeCompletionEvent outcome) {
                // on standard output: the tlcp log's line per handshake reaches the terminal only with -v
                String line;
                if (outcome.isSuccess()) {
                    var client = outcome.session().peerSigningCertificate();
                    line = "handshake ok: " + peer + " " + outcome.session().suite().tlcpName()
                            + (outcome.session().resumed() ? " (resumed)" : "") + ", client certificate "
                            + (client == null ? "none" : client.subject() + " serial " + client.serialHex());
                } else {
                    line = "handshake failed: " + peer + ": " + outcome.cause().getMessage();
                }
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }

            @Override
            public void closed(SocketAddress peer) {
                if (naccept != null && ended.incrementAndGet() >= naccept) {
                    done.countDown();
                }
            }
        };
        int loops = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(bind, port);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.USAGE, "--bind/--port: " + e.getMessage());
        }
        TlcpEchoServer server;
        try {
            server = TlcpEchoServer.start(config, address, loops, observer);
        } catch (RuntimeException e) {
            throw new CommandFailedException(ExitCode.UNAVAILABLE, "cannot listen on " + bind + ":" + port + ": "
                    + e.getMessage() + "; is the port in use, or the address not on this host?");
        }
        Thread hook = new Thread(done::countDown, "tlcp-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (server) {
            out.println("listening on " + server.address().getAddress().getHostAddress() + ":" + server.port());
            out.flush();
            server.closeFuture().addListener(f -> done.countDown());
            done.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
        return ExitCode.OK.code();
    }
}
