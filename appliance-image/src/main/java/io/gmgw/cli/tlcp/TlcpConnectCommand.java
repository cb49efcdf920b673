package io.gmgw.cli.tlcp;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.netty.TlcpClient;
import io.gmgw.sslvpn.tlcp.netty.TlcpTruncationEvent;
import io.gmgw.sslvpn.tlcp.protocol.ServerNameMismatchException;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw tlcp connect HOST:PORT}: handshakes, reports the connection, then relays standard input to the server
 * and the server's data to standard output until input ends and the server closes (like {@code openssl s_client}).
 */
@ExitCodes({ExitCode.VERIFICATION_FAILED, ExitCode.CERTIFICATE, ExitCode.UNAVAILABLE})
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Connect to a TLCP server, check its certificates and its name (HOST, or --server-name), print "
                + "protocol, cipher suite, session ID, the server's certificates and the checks, then relay standard "
                + "input to the server and its answers to standard output.",
                "At end of input gmgw sends close_notify and waits for the server's. The report goes to standard "
                        + "error; --report FILE also writes it as JSON to FILE; with --json standard output carries "
                        + "the JSON report only, and what the server sends is not shown.",
                "Exit 0 only when the handshake and the relay succeeded; a rejected server certificate or name exits 2, "
                        + "any other handshake failure 1 (as does a server that drops the connection without "
                        + "close_notify before standard input ended), an unreachable server 69."},
        footerHeading = "%nExamples:%n",
        footer = {"  echo hello | gmgw tlcp connect localhost:4433 \\",
                "      --trust demo/pki/root/ca.cert.pem",
                "  gmgw tlcp connect localhost:4433 --trust demo/pki/root/ca.cert.pem \\",
                "      --json </dev/null",
                "  echo hello | gmgw tlcp connect localhost:4433 --suite ECDHE_SM4_GCM_SM3 \\",
                "      --trust demo/pki/root/ca.cert.pem \\",
                "      --sign-key demo/pki/issued/demo-user/sign.key.pem \\",
                "      --enc-key demo/pki/issued/demo-user/enc.key.pem \\",
                "      --crl demo/pki/root/ca.crl.pem --crl demo/pki/intermediate/ca.crl.pem \\",
                "      --report report.json",
                "  echo hello | gmgw tlcp connect localhost:4433 \\",
                "      --trust demo/pki/root/ca.cert.pem \\",
                "      --sign-key demo/pki/issued/demo-user/sign.key.pem \\",
                "      --client-cert-shape sign-only --cert-verify raw"})
final class TlcpConnectCommand implements Callable<Integer> {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The server ([IPv6]:PORT for an IPv6 address).")
    private String target;

    @Option(names = "--trust", paramLabel = "CA.pem", required = true,
            description = "Trust anchors for the server's certificates (one or more PEM certificates).")
    private Path trust;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Limit for the TCP connection and the handshake (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report as JSON to FILE (replaced),"
            + " so that standard output carries only what the server sends.")
    private Path reportFile;

    @Mixin
    private TlcpEndpointOptions endpoint;

    @Mixin
    private TlcpClientOptions client;

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
                    + "127.0.0.1:4433, localhost:4433 or [::1]:4433)");
        }
        String host = target.substring(0, colon).replace("[", "").replace("]", "");
        if (json.enabled() && reportFile != null) {
            throw new CommandFailedException(ExitCode.USAGE, "give --json (the report on standard output, nothing "
                    + "else) or --report FILE (the report in FILE, the server's data on standard output), not both");
        }
        CryptoModule module = bootstrap.approvedModule();
        CertificateVerifier verifier = endpoint.serverVerifier(module, trust);
        boolean revocationChecked = verifier.revocationPolicy() == RevocationPolicy.REQUIRE;
        TlcpCredentials credentials = endpoint.credentials(module);
        try (credentials) { // the keys are closed (and wiped) when the command ends
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            TlcpConfig config = client.apply(TlcpConfig.client(module, verifier).audit(bootstrap.audit())
                .suites(endpoint.suites())
                    .credentials(credentials).handshakeTimeout(timeout), host).build();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            OutputStream relayOut = bootstrap.stdout();
            Relay relay = new Relay(relayOut, json.enabled());
            try (TlcpClient tlcp = new TlcpClient(1)) {
                TlcpClient.Connection connection;
                try {
                    connection = tlcp.connect(config, host, port, timeout, relay);
                } catch (Exception e) {
                    throw new CommandFailedException(ExitCode.UNAVAILABLE, "cannot connect to " + host + ":" + port + ": "
                            + e.getMessage() + "; check the address and that the server is running");
                }
                TlcpSession session = await(connection);
                ConnectionReport report = ConnectionReport.of(module, host + ":" + port, session, verifier,
                        config.serverName(), revocationChecked);
                if (json.enabled()) {
                    json.print(out, report);
                } else {
                    report.print(err);
                    if (reportFile != null) {
                        StringWriter text = new StringWriter();
                        json.print(new PrintWriter(text), report);
                        Files.writeString(reportFile, text.toString());
                    }
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
                if (relay.discarded.get() > 0) {
                    err.println("gmgw tlcp connect: the server sent " + relay.discarded.get() + " bytes, not shown with "
                            + "--json (standard output is the report); use --report FILE to keep both");
                }
                relayOut.flush();
            }
        }
        return ExitCode.OK.code();
    }

    private TlcpSession await(TlcpClient.Connection connection) throws InterruptedException {
        var f = connection.handshake().await();
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            if (cause instanceof ServerNameMismatchException e) {
                throw new CommandFailedException(ExitCode.CERTIFICATE, e.getMessage() + "; to check another name the "
                        + "certificate carries, give --server-name NAME");
            }
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
        private final boolean discard;
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final AtomicLong discarded = new AtomicLong();
        volatile RuntimeException failure;
        volatile TlcpTruncationEvent truncatedAfterClose;

        /** {@code discard}: count what the server sends instead of writing it (standard output is the report). */
        Relay(OutputStream out, boolean discard) {
            this.out = out;
            this.discard = discard;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                if (discard) {
                    discarded.addAndGet(b.readableBytes());
                    return;
                }
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
