package io.gmgw.cli.tlcp;

import io.gmgw.audit.AsyncAuditSink;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.audit.Severity;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodeMapper;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.CertificateLifetime;
import io.gmgw.crypto.pki.CertificateVerificationException;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.CrlReloader;
import io.gmgw.crypto.pki.FailureReason;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tlcp.KeyOperationExecutor;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandshakeCompletionEvent;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw tlcp serve}: a TLCP echo server, like {@code openssl s_server}, one log line per handshake. */
@ExitCodes(ExitCode.UNAVAILABLE)
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run a TLCP server that echoes each connection's application data back, until stopped "
                + "(Ctrl-C, SIGTERM) or after --naccept connections.",
                "Prints 'listening on ADDRESS:PORT' first (with --port 0 the system picks the port), then one "
                        + "line per handshake on standard output: peer, suite, client certificate, or why it failed.",
                "At start it checks its own certificates (refusing expired or not yet valid ones, warning "
                        + "--expiry-warning days ahead) and, when it asks for client certificates (--trust with "
                        + "--client-auth want|need, or ECDHE suites), that --crl gives a current CRL of every trust "
                        + "anchor; --no-revocation-check runs without one. It re-reads changed CRL files every "
                        + "--crl-check-interval seconds. It records its start and every handshake in the audit "
                        + "log, and does not start without one it can write (exit 81)."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw tlcp serve --port 4433 --bind 127.0.0.1 --client-auth want \\",
                "      --sign-key demo/pki/issued/localhost/sign.key.pem \\",
                "      --enc-key demo/pki/issued/localhost/enc.key.pem \\",
                "      --trust demo/pki/root/ca.cert.pem \\",
                "      --crl demo/pki/root/ca.crl.pem --crl demo/pki/intermediate/ca.crl.pem"})
final class TlcpServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("tlcp");
    /** Token key operations at once (a token serialises per session), and how many more handshakes may wait. */
    static final int KEY_THREADS = 4;
    static final int KEY_QUEUE = 64;

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

    @Option(names = "--intermediates", paramLabel = "PEM", description = "CA certificates between --trust and the "
            + "client certificates (untrusted): to check the signatures of their --crl files, and for clients that "
            + "send no chain. The server's own --chain counts too.")
    private Path intermediates;

    @Option(names = "--client-auth", paramLabel = "none|want|need", defaultValue = "none",
            description = "Ask for client certificates: none, want (accept none) or need (default: ${DEFAULT-VALUE})."
                    + " ECDHE suites always ask.")
    private String clientAuth;

    @Option(names = "--no-revocation-check", description = "Ask for client certificates without checking them for "
            + "revocation: a revoked client is accepted. Only for tests; warned about on stderr and in the audit log.")
    private boolean noRevocationCheck;

    @Option(names = "--crl-check-interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "How often the --crl files are checked for a new version, which is used for new connections"
                    + " (0: never; default: ${DEFAULT-VALUE}).")
    private int crlCheckSeconds;

    @Option(names = "--expiry-warning", paramLabel = "DAYS", defaultValue = "30",
            description = "Warn at start when a certificate of the server expires within DAYS (default: "
                    + "${DEFAULT-VALUE}).")
    private int expiryWarningDays;

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
        if (crlCheckSeconds < 0 || expiryWarningDays < 0) {
            throw new CommandFailedException(ExitCode.USAGE, "--crl-check-interval and --expiry-warning cannot be "
                    + "negative");
        }
        if (endpoint.signKey == null || endpoint.encKey == null) {
            throw new CommandFailedException(ExitCode.USAGE, "a TLCP server needs --sign-key and --enc-key, with their"
                    + " certificates (--sign-cert, --enc-cert, or beside the keys) (GM/T 0024 double certificates)");
        }
        if (auth != ClientAuth.NONE && trust == null) {
            throw new CommandFailedException(ExitCode.USAGE, "--client-auth " + clientAuth + " needs --trust CA.pem");
        }
        List<CipherSuite> suites = endpoint.suites();
        boolean asks = trust != null && (auth != ClientAuth.NONE
                || suites.stream().anyMatch(s -> s.keyExchange() == CipherSuite.KeyExchange.ECDHE));
        checkRevocationOptions(asks);
        // A server that authenticates clients does not run without its audit trail (exit 81 before anything starts).
        Audit audit = bootstrap.auditForChange();
        CryptoModule module = bootstrap.approvedModule();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TlcpCredentials credentials = endpoint.credentials(module);
        // Handshakes are recorded from the event loops: through a writer thread, one sync to disk per batch.
        AsyncAuditSink handshakes = new AsyncAuditSink(audit.sink(), 65_536);
        // Token keys sign and decrypt on worker threads, not on the event loop (software keys stay on the loop; the
        // pool makes its threads only when a token key needs them).
        KeyOperationExecutor keys = KeyOperationExecutor.threads(KEY_THREADS, KEY_QUEUE);
        try (credentials; handshakes; keys) { // the keys are closed (and wiped) when the server stops
            checkOwnCertificates(credentials, module.clock().instant(), err, audit);
            TlcpConfig.Builder builder = TlcpConfig.server(module, credentials).suites(suites).clientAuth(auth)
                    .sessionCache(TlcpSessionCache.defaults(module.clock())).audit(audit.withSink(handshakes))
                    .keyOperationExecutor(keys);
            CrlReloader reloader = null;
            if (trust != null) {
                CertificateVerifier template = clientVerifierTemplate(module, credentials, asks && !noRevocationCheck);
                if (asks && noRevocationCheck) {
                    builder.clientVerifier(template).withoutClientRevocationCheck();
                    warnRevocationCheckOff(err);
                } else if (asks) {
                    reloader = loadCrls(template, module.clock().instant());
                    builder.clientVerifierSource(reloader);
                } else {
                    builder.clientVerifier(template);
                }
            }
            TlcpConfig config;
            try {
                config = builder.build();
            } catch (IllegalArgumentException e) {
                throw new CommandFailedException(ExitCode.CONFIG, e.getMessage());
            }
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
            if (address.isUnresolved()) {
                throw new CommandFailedException(ExitCode.USAGE, "--bind " + bind + ": no such address on this host "
                        + "(give an IP address of one of its interfaces, or 0.0.0.0 for all)");
            }
            TlcpEchoServer server;
            try {
                server = TlcpEchoServer.start(config, address, loops, observer);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                CommandFailedException failed = bindFailure(e, bind, port);
                audit.failure(AuditEventType.TLCP_SERVER_START, failed.getMessage()).object(bind + ":" + port)
                        .writeFor(failed);
                throw failed;
            }
            recordStart(audit, server, credentials, suites, asks, reloader);
            ScheduledExecutorService crlChecks = reloader == null || crlCheckSeconds == 0 ? null
                    : scheduleCrlChecks(reloader);
            Thread hook = new Thread(done::countDown, "tlcp-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (server) {
                out.println("listening on " + server.address().getAddress().getHostAddress() + ":" + server.port());
                out.flush();
                server.closeFuture().addListener(f -> done.countDown());
                done.await();
            } finally {
                if (crlChecks != null) {
                    crlChecks.shutdownNow();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down
                }
            }
        }
        return ExitCode.OK.code();
    }

    /** Fail closed: asking for client certificates needs CRLs, or the explicit option to go without. */
    private void checkRevocationOptions(boolean asks) {
        if (!asks) {
            if (!endpoint.crls.isEmpty() || noRevocationCheck) {
                throw new CommandFailedException(ExitCode.USAGE, (noRevocationCheck ? "--no-revocation-check" : "--crl")
                        + " is about client certificates, which this server does not ask for: give --trust CA.pem "
                        + "with --client-auth want or need (ECDHE suites ask as well)");
            }
            return;
        }
        if (noRevocationCheck && !endpoint.crls.isEmpty()) {
            throw new CommandFailedException(ExitCode.USAGE, "--no-revocation-check and --crl contradict each other: "
                    + "give the CRLs, or run without revocation checking, not both");
        }
        if (!noRevocationCheck && endpoint.crls.isEmpty()) {
            throw new CommandFailedException(ExitCode.USAGE, "this server asks for client certificates (--trust "
                    + trust + ") but has no CRL to check them for revocation: give the CRL of every CA in --trust "
                    + "and of the CAs under it with --crl FILE (for a gmgw PKI: root/ca.crl.pem and "
                    + "intermediate/ca.crl.pem), or pass --no-revocation-check to accept revoked clients (tests only)");
        }
    }

    /** Trust anchors, the CAs under them (--intermediates and the server's own chain), and the revocation policy. */
    private CertificateVerifier clientVerifierTemplate(CryptoModule module, TlcpCredentials credentials,
            boolean requireCrls) throws IOException {
        List<Sm2Certificate> cas = new ArrayList<>(credentials.chain());
        if (intermediates != null) {
            cas.addAll(CertificateFiles.certificates(intermediates, "--intermediates"));
        }
        return CertificateVerifier.builder(module).trustAnchors(CertificateFiles.certificates(trust, "--trust"))
                .intermediates(cas.stream().filter(Sm2Certificate::isCa).distinct().toList())
                .revocationPolicy(requireCrls ? RevocationPolicy.REQUIRE : RevocationPolicy.IF_PRESENT).build();
    }

    /** The --crl files, each authentic now, and a current CRL of every trust anchor among them. */
    private CrlReloader loadCrls(CertificateVerifier template, Instant now) throws IOException {
        CrlReloader reloader;
        try {
            reloader = CrlReloader.load(template, endpoint.crls);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException(ExitCode.IO_ERROR, "--crl " + e.getFile() + " does not exist; check the "
                    + "path (a gmgw PKI keeps its CRLs in root/ca.crl.pem and intermediate/ca.crl.pem)");
        } catch (CertificateVerificationException e) {
            throw new CommandFailedException(ExitCode.CERTIFICATE, "--crl: " + e.getMessage()
                    + (e.reason() == FailureReason.UNKNOWN_CA ? " with --intermediates PEM (or --trust)" : ""));
        }
        for (Sm2Certificate anchor : template.trustAnchors()) {
            var problem = reloader.get().crlProblem(anchor, now);
            if (problem.isPresent()) {
                throw new CommandFailedException(ExitCode.CERTIFICATE, "client certificates cannot be checked for "
                        + "revocation: trust anchor " + anchor + " (--trust " + trust + "): " + problem.get().message()
                        + "; give its current CRL with --crl, or pass --no-revocation-check (tests only)");
            }
        }
        return reloader;
    }

    /**
     * Re-reads changed CRL files every --crl-check-interval seconds on one daemon thread; the reloader audits each
     * reload and refusal. A polled check rather than a WatchService: see {@link CrlReloader}.
     */
    private ScheduledExecutorService scheduleCrlChecks(CrlReloader reloader) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tlcp-crl-check");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                reloader.check();
            } catch (RuntimeException e) {
                LOG.error("checking the CRL files {} failed; the CRLs in use stay: {}", reloader.files(), e.toString());
            }
        }, crlCheckSeconds, crlCheckSeconds, TimeUnit.SECONDS);
        return timer;
    }

    /** Refuses expired and not yet valid certificates of the server's own, and warns of those about to expire. */
    /**
     * The {@code tlcp.server-start} record: where it listens, with which certificates and suites, and how clients are
     * checked; a warning (with the reason) when it accepts client certificates without revocation checking.
     */
    private void recordStart(Audit audit, TlcpEchoServer server, TlcpCredentials credentials, List<CipherSuite> suites,
            boolean asks, CrlReloader reloader) {
        String revocation = !asks ? "no client certificates"
                : noRevocationCheck ? "OFF (--no-revocation-check)"
                : "required: " + reloader.files().size() + " CRL file(s)"
                        + (crlCheckSeconds == 0 ? "" : ", re-read every " + crlCheckSeconds + " s");
        Audit.Entry e = audit.success(AuditEventType.TLCP_SERVER_START)
                .object(server.address().getAddress().getHostAddress() + ":" + server.port())
                .subject(credentials.signingCertificate().subject().toString())
                .correlate("signSerial", credentials.signingCertificate().serialHex())
                .correlate("encSerial", credentials.encryptionCertificate().serialHex())
                .detail("suites", suites.stream().map(CipherSuite::tlcpName).toList())
                .detail("clientAuth", clientAuth).detail("trust", trust).detail("revocation", revocation);
        if (asks && noRevocationCheck) {
            e.severity(Severity.WARNING).reason("client certificates are not checked for revocation: a revoked "
                    + "client certificate is accepted");
        }
        e.write();
    }

    private void checkOwnCertificates(TlcpCredentials c, Instant now, PrintWriter err, Audit audit) {
        Map<String, Sm2Certificate> own = new LinkedHashMap<>();
        own.put("the signing certificate (" + source(endpoint.signCert, endpoint.signKey) + ")", c.signingCertificate());
        own.put("the encryption certificate (" + source(endpoint.encCert, endpoint.encKey) + ")",
                c.encryptionCertificate());
        for (Sm2Certificate ca : c.chain()) {
            own.put("the CA certificate " + ca.subject() + " of the chain (" + (endpoint.chain != null ? "--chain "
                    + endpoint.chain : "with --sign-key " + endpoint.signKey) + ")", ca);
        }
        List<String> fatal = new ArrayList<>();
        Duration warnAhead = Duration.ofDays(expiryWarningDays);
        own.forEach((what, cert) -> CertificateLifetime.check(what, cert, now, warnAhead).ifPresent(f -> {
            Audit.Entry expiry = f.isFatal() ? audit.failure(AuditEventType.CERTIFICATE_EXPIRY, f.message())
                    : audit.success(AuditEventType.CERTIFICATE_EXPIRY).reason(f.message());
            expiry.subject(cert.subject().toString()).object(what).correlate("serial", cert.serialHex())
                    .detail("notBefore", cert.notBefore()).detail("notAfter", cert.notAfter()).write();
            if (f.isFatal()) {
                fatal.add(f.message());
            } else {
                LOG.warn("{}", f.message());
                err.println("gmgw tlcp serve: warning: " + f.message());
            }
        }));
        err.flush();
        if (!fatal.isEmpty()) {
            throw new CommandFailedException(ExitCode.CERTIFICATE, "not starting: clients would refuse " + String.join(
                    "; and ", fatal));
        }
    }

    private static String source(Path cert, String key) {
        return cert != null ? cert.toString() : "with the key " + key;
    }

    /** Says loudly on stderr that revoked clients will be accepted (the start record says it too). */
    private void warnRevocationCheckOff(PrintWriter err) {
        err.println("gmgw tlcp serve: WARNING: --no-revocation-check: client certificates are NOT checked for "
                + "revocation; a revoked client certificate from " + trust + " will be accepted. Use it for tests "
                + "only; give --crl FILE for every CA instead.");
        err.flush();
    }

    /**
     * What a failed bind means and what to do: a port in use or an address not on this host is unavailable (69), a
     * port the process may not bind is permission denied (77), as for every other permission problem.
     */
    static CommandFailedException bindFailure(Exception e, String bind, int port) {
        String where = "cannot listen on address " + bind + " port " + port + ": ";
        String m = String.valueOf(e.getMessage());
        if (e instanceof java.net.BindException && ExitCodeMapper.permissionDenied(e)) {
            return new CommandFailedException(ExitCode.PERMISSION_DENIED, where + "permission denied: ports below 1024 "
                    + "need root or the CAP_NET_BIND_SERVICE capability (systemd: AmbientCapabilities="
                    + "CAP_NET_BIND_SERVICE); run with it, or choose a --port of 1024 or more", e);
        }
        if (m.contains("already in use")) {
            return new CommandFailedException(ExitCode.UNAVAILABLE, where + "the port is in use by another program "
                    + "(ss -ltnp 'sport = :" + port + "' shows which); stop it, or choose another --port (0 lets the "
                    + "system pick a free one)", e);
        }
        if (m.contains("Cannot assign requested address")) {
            return new CommandFailedException(ExitCode.UNAVAILABLE, where + "the address is not on this host; give "
                    + "an address of one of its interfaces with --bind, or 0.0.0.0 for all of them", e);
        }
        return new CommandFailedException(ExitCode.UNAVAILABLE, where + m + "; check --bind and --port", e);
    }
}
