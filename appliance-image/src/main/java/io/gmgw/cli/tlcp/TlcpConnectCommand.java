package io.gmgw.cli.tlcp;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.sslvpn.tlcp.TlcpAlertException;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.netty.TlcpClient;
import io.gmgw.sslvpn.tlcp.netty.TlcpTruncationEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gmgw tlcp connect HOST:PORT}: handshakes, reports the connection, then relays standard input to the server
 * and the server's data to standard output until input ends and the server closes (like {@code openssl s_client}).
 */
@ExitCodes({ExitCode.VERIFICATION_FAILED, ExitCode.CERTIFICATE, ExitCode.UNAVAILABLE})
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Connect to a TLCP server, print protocol, cipher suite, session ID, the server's certificates "
                + "and the chain check, then relay standard input to the server and its answers to standard output.",
                "At end of input gmgw sends close_notify and waits for the server's. The report goes to standard "
                        + "error (with --json: one JSON document on standard output before the relayed data).",
                "Exit 0 only when the handshake and the relay succeeded; a rejected server certificate exits 2, any "
                        + "other handshake failure 1 (as does a server that drops the connection without close_notify "
                        + "before standard input ended), an unreachable server 69."},
        footerHeading = "%nExamples:%n",
        footer = {"  echo hello | gmgw tlcp connect localhost:4433 \\",
                "      --trust demo/pki/root/ca.cert.pem",
                "  echo hello | gmgw tlcp connect localhost:4433 --suite ECDHE_SM4_GCM_SM3 \\",
                "      --trust demo/pki/root/ca.cert.pem \\",
                "      --sign-key demo/pki/issued/demo-user/sign.key.pem \\",
                "      --sign-cert demo/pki/issued/demo-user/sign.cert.pem \\",
                "      --enc-key demo/pki/issued/demo-user/enc.key.pem \\",
                "      --enc-cert demo/pki/issued/demo-user/enc.cert.pem \\",
                "      --chain demo/pki/intermediate/ca.cert.pem"})
final class TlcpConnectCommand implements Callable<Integer> {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The server.")
    private String target;

    @Option(names = "--trust", paramLabel = "CA.pem", required = true,
            description = "Trust anchors for the server's certificates (one or more PEM certificates).")
    private Path trust;

    @Option(names = "--server-name", paramLabel = "NAME", description = "Check that the server's signing certificate "
            + "names NAME (subjectAltName DNS, else CN) and send it as SNI. Default: no name check, no extension.")
    private String serverName;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Limit for the TCP connection and the handshake (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Mixin
    private TlcpEndpointOptions endpoint;

    @Mixin
    private JsonOption json;

    TlcpConnectCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        int colon = target.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            port = -1;
        }
        if (colon <= 0 || port < 1 || port > 65535) {
            throw new CommandFailedException(ExitCode.USAGE, "'" + target + "' is not HOST:PORT (for example "
                    + "127.0.0.1:4433)");
        }
        String host = target.substring(0, colon).replace("[", "").replace("]", "");
        CryptoModule module = bootstrap.approvedModule();
        CertificateVerifier verifier = endpoint.verifier(module, trust);
        TlcpCredentials credentials = endpoint.credentials(module);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        TlcpConfig config = TlcpConfig.client(module, verifier).suites(endpoint.suites()).credentials(credentials)
                .serverName(serverName, serverName != null).handshakeTimeout(timeout).build();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OutputStream relayOut = bootstrap.stdout();
        Relay relay = new Relay(relayOut);
        try (TlcpClient client = new TlcpClient(1)) {
            TlcpClient.Connection connection;
            try {
                connection = client.connect(config, host, port, timeout, relay);
            } catch (Exception e) {
                throw new CommandFailedException(ExitCode.UNAVAILABLE, "cannot connect to " + host + ":" + port + ": "
                        + e.getMessage() + "; check the address and that the server is running");
            }
            TlcpSession session = await(connection);
            ConnectionReport report = ConnectionReport.of(module, host + ":" + port, session, verifier);
            if (json.enabled()) {
                json.print(out, report);
            } else {
                report.print(err);
            }
            out.flush();
            pumpInput(connection, bootstrap.stdin());
            try {
                relay.closed.get(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                err.println("gmgw tlcp connect: the server sent no close_notify within " + CLOSE_WAIT.toSeconds()
                        + " s after ours; closing");
                connection.channel().close().syncUninterruptibly();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            if (relay.failure != null) {
                throw relay.failure;
            }
            if (relay.truncatedAfterClose != null) {
                err.println("gmgw tlcp connect: warning: the server closed without answering our close_notify");
            }
            relayOut.flush();
        }
        return ExitCode.OK.code();
    }

    private TlcpSession await(TlcpClient.Connection connection) throws InterruptedException {
        var f = connection.handshake().await();
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            if (cause instanceof TlcpAlertException e) {
                throw e;
            }
            throw new CommandFailedException(ExitCode.UNAVAILABLE, "the TLCP handshake did not complete: " + cause);
        }
        return f.getNow();
    }

    /** Sends standard input until it ends (or the connection does), then close_notify. */
    private static void pumpInput(TlcpClient.Connection connection, InputStream in) {
        Thread pump = Thread.ofVirtual().name("tlcp-connect-stdin").start(() -> {
            byte[] buf = new byte[16384];
            try {
                int n;
                while (connection.channel().isActive() && (n = in.read(buf)) > 0) {
                    connection.channel().writeAndFlush(Unpooled.copiedBuffer(buf, 0, n)).sync();
                }
            } catch (IOException | InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // the connection closed under us; the relay reports why
            }
            connection.closeOutbound();
        });
        pump.setUncaughtExceptionHandler((t, e) -> { });
    }

    /** Writes what the server sends to standard output; completes when the connection closes. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final OutputStream out;
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile RuntimeException failure;
        volatile TlcpTruncationEvent truncatedAfterClose;

        Relay(OutputStream out) {
            this.out = out;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                b.readBytes(out, b.readableBytes());
                out.flush();
            } catch (IOException e) {
                failure = new java.io.UncheckedIOException("cannot write to standard output", e);
                ctx.close();
            } finally {
                b.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.gmgw.sslvpn.tlcp.netty.TlcpHandshakeCompletionEvent e && !e.isSuccess()
                    && e.cause() instanceof RuntimeException r) {
                failure = r;
            } else if (evt instanceof TlcpTruncationEvent t && !t.afterOurCloseNotify()) {
                // before our close_notify the server had no reason to stop: what we relayed may be incomplete
                failure = new CommandFailedException(ExitCode.VERIFICATION_FAILED, t.message()
                        + "; the relayed output may be incomplete (or the server does not end connections properly)");
            } else if (evt instanceof TlcpTruncationEvent t) {
                truncatedAfterClose = t;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.complete(null);
        }
    }
}
