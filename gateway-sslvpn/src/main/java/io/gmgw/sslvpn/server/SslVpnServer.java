package io.gmgw.sslvpn.server;

import io.gmgw.audit.AsyncAuditSink;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.control.ControlDispatcher;
import io.gmgw.gateway.control.ControlServer;
import io.gmgw.gateway.control.GatewayRequests;
import io.gmgw.gateway.control.GatewayStatus;
import io.gmgw.gateway.ip.IpAddresses;
import io.gmgw.gateway.ratelimit.HandshakeAdmission;
import io.gmgw.gateway.ratelimit.HandshakeRateLimiter;
import io.gmgw.gateway.route.PacketRouter;
import io.gmgw.sslvpn.channel.ProtocolSniffer;
import io.gmgw.sslvpn.gateway.EndReason;
import io.gmgw.sslvpn.gateway.Gateway;
import io.gmgw.sslvpn.gateway.GatewaySettings;
import io.gmgw.sslvpn.gateway.SessionInfo;
import io.gmgw.sslvpn.listener.SecureChannelInitializer;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tls.TlsServerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSL VPN gateway assembled from a {@link GatewayConfig}: the TLCP and TLS listener on every configured address
 * (one port; the first record tells the protocol), the tunnel server ({@link Gateway}) with address pools, signed
 * group ACLs and the data plane (a TUN device or the unprivileged responder), the control socket, and the CRL
 * reloads that end the sessions of newly revoked users. {@link #start} returns when every listener is bound;
 * {@link #close()} stops gracefully: clients are told (CSTP DISCONNECT), then listeners, the control socket, the data
 * plane and the threads go, the keys are wiped and the audit queue is flushed.
 *
 * <p>Audit: every record written from an event loop (handshakes, logins, sessions, ACL drop samples) goes through one
 * {@link AsyncAuditSink} in front of the given audit's sink, so that no event loop waits for a disk.
 */
public final class SslVpnServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("sslvpn");
    /** How long a stop waits for clients to be told before closing their connections anyway. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Records queued for the audit log's writer thread before event loops are refused (counted, not blocked). */
    static final int AUDIT_QUEUE = 65_536;

    /**
     * What the server runs with besides its configuration.
     *
     * @param module  the approved crypto module (self-tests passed): keys, DRBG, clock
     * @param audit   the audit log (hash-chained, synchronous); the server queues its records in front of it
     * @param version the product version, for {@code status} and the control socket's hello
     * @param threads event-loop threads, 0 for one per core
     */
    public record Environment(CryptoModule module, Audit audit, String version, int threads) {
        public Environment {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(audit, "audit");
            Objects.requireNonNull(version, "version");
        }
    }

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final List<Channel> listeners = new ArrayList<>();
    private final Audit audit;
    private GatewayConfig config;
    private ServerCredentials credentials;
    private ClientTrust trust;
    private Gateway gateway;
    private DataPlane dataPlane;
    private ControlServer control;
    private EventLoopGroup loops;
    private ScheduledFuture<?> sweeps;
    private volatile boolean closed;

    private SslVpnServer(Audit audit) {
        this.audit = audit;
    }

    /**
     * Opens the keys, reads the trust files and signed ACLs, opens the data plane, binds the listeners and the control
     * socket. Anything that fails closes what was opened before it.
     *
     * @throws GatewayException CONFIG for a configuration the files contradict (the message names the key), POLICY for
     *                          a group ACL that does not verify (the file and the reason), RESOURCE for a port, socket
     *                          or device that cannot be had
     * @throws IOException      a key, certificate or CRL file that cannot be read (its path in the message)
     */
    public static SslVpnServer start(GatewayConfig config, Environment env) throws IOException {
        AsyncAuditSink queue = new AsyncAuditSink(env.audit().sink(), AUDIT_QUEUE);
        SslVpnServer server = new SslVpnServer(env.audit());
        server.resources.push(queue);
        try {
            server.open(config, env, env.audit().withSink(queue));
            return server;
        } catch (IOException | RuntimeException | Error e) {
            server.closeResources();
            throw e;
        }
    }

    private void open(GatewayConfig config, Environment env, Audit loopAudit) throws IOException {
        this.config = config;
        CryptoModule module = env.module();
        Instant startedAt = module.clock().instant();
        credentials = ServerCredentials.open(module, config, loopAudit);
        resources.push(credentials);
        trust = ClientTrust.load(module, config.clients(), credentials.tlcpChain());
        TlcpConfig tlcp = credentials.tlcpConfig(config, trust);
        TlsServerConfig tls = credentials.tlsConfig(config, trust);
        ConfiguredPolicies policies = ConfiguredPolicies.load(module, config.acl(), config.groups().values(),
                loopAudit, System::nanoTime, config.audit().dropSampleInterval());
        GatewaySettings settings = SettingsMapper.map(config);
        PoolLeases leases = new PoolLeases(config.pools(), config.groups(), module.random());
        PacketRouter router = new PacketRouter();
        dataPlane = DataPlane.open(config.dataPlane(), leases.all(), config.tunnel().mtu(), router,
                ByteBufAllocator.DEFAULT);
        resources.push(dataPlane);
        // password checks run on their own thread and write their audit records before answering: the direct log
        var authenticator = LoginSetup.open(config, settings, policies, module, env.audit(), resources);
        gateway = Gateway.builder().settings(settings).audit(loopAudit).clock(module.clock()).random(module.random())
                .policies(policies).leases(leases).authenticator(authenticator)
                .packetPath(new RoutedPacketPath(router, dataPlane.outside(), settings.outboundQueuePackets()))
                .build();
        var limits = config.rateLimit();
        HandshakeRateLimiter limiter = HandshakeRateLimiter.onSystemTicker(SettingsMapper.perSourceLimits(limits));
        loops = new MultiThreadIoEventLoopGroup(env.threads(), NioIoHandler.newFactory());
        resources.push(() -> loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
        // per source first, then the whole gateway's handshake budget and its cap on unauthenticated connections
        HandshakeAdmission admission = new HandshakeAdmission(limiter, new HandshakeAdmission.Limits(
                limits.globalHandshakesPerSecond(), limits.globalBurst(), limits.maxUnauthenticated()));
        SecureChannelInitializer secure = SecureChannelInitializer.withAdmission(tlcp, tls, admission,
                ch -> ch.pipeline().addLast("gateway", gateway.newConnectionHandler()), ProtocolSniffer.DEFAULT_TIMEOUT);
        ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // banned sources are refused before any handshake work
                        ch.pipeline().addLast("admission", gateway.newAdmissionHandler()).addLast(secure);
                    }
                });
        for (var address : config.listen().addresses()) {
            InetSocketAddress at = new InetSocketAddress(address, config.listen().port());
            try {
                listeners.add(bootstrap.bind(at).sync().channel());
            } catch (Exception e) {
                throw new GatewayException(GatewayException.Kind.RESOURCE, "listen: cannot listen on "
                        + IpAddresses.format(address) + " port " + config.listen().port() + ": " + e.getMessage()
                        + "; check listen.addresses and listen.port (is another program on the port?)", e);
            }
        }
        sweeps = gateway.scheduleSweeps(loops.next());
        config.clients().crlReloadInterval().ifPresent(this::scheduleCrlReloads);
        GatewayControl service = new GatewayControl(env.version(), startedAt, module.clock(), gateway, leases.all(),
                this::listenerViews);
        control = ControlServer.start(config.control().socket(), GatewayRequests.register(
                ControlDispatcher.builder(env.version()), service, audit).build(), ControlServer.Options.defaults());
        resources.push(control);
        recordStart(loopAudit);
    }

    private void scheduleCrlReloads(Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crl-reload");
            t.setDaemon(true);
            return t;
        });
        resources.push(timer::shutdownNow);
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                reloadCrls();
            } catch (RuntimeException e) {
                LOG.error("sslvpn: re-reading the CRL files failed; the CRLs in use stay: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Re-reads the CRL files that changed ({@code clients.crls}); new handshakes use the new CRLs, and every live
     * session whose certificate they revoke ends ({@code certificate-revoked}: the client is told, its login ends, its
     * session-end record says why). Runs every {@code clients.crl-reload-interval}; callable at any time.
     *
     * @return the sessions ended
     */
    public List<String> reloadCrls() {
        if (!trust.reload()) {
            return List.of();
        }
        List<String> ended = new ArrayList<>();
        for (SessionInfo s : gateway.sessions().list()) {
            // a login by dynamic password alone may have shown no certificate: nothing of it to revoke
            if (!s.serialHex().isEmpty() && trust.isRevoked(s.issuer(), s.serialHex())) {
                LOG.warn("sslvpn: session {} of '{}' ends: its certificate (serial {}, issuer {}) is revoked", s.id(),
                        s.user(), s.serialHex(), s.issuer());
                if (gateway.disconnect(s.id(), EndReason.CERTIFICATE_REVOKED, "certificate serial " + s.serialHex()
                        + " is on its issuer's new CRL")) {
                    ended.add(s.id());
                }
            }
        }
        return ended;
    }

    private void recordStart(Audit a) {
        a.success(AuditEventType.TLCP_SERVER_START).object(String.join(" ", listenerAddresses()))
                .subject(credentials.describe())
                .detail("service", "sslvpn").detail("dataPlane", dataPlane.description())
                .detail("control", control.socket().toString())
                .detail("revocation", trust.revocationCheck() ? "required: " + trust.crlFiles().size()
                        + " CRL file(s)" + config.clients().crlReloadInterval().map(d -> ", re-read every "
                        + d.toSeconds() + " s").orElse("") : "OFF (clients.revocation-check: false)")
                .detail("groups", config.groups().keySet()).write();
        LOG.info("sslvpn: gateway ready: listening on {}, control socket {}, data plane {}", listenerAddresses(),
                control.socket(), dataPlane.description());
    }

    /** The bound listener addresses, {@code 127.0.0.1:4433} or {@code [::1]:4433}. */
    public List<String> listenerAddresses() {
        return listeners.stream().map(c -> {
            InetSocketAddress a = (InetSocketAddress) c.localAddress();
            String host = IpAddresses.format(a.getAddress());
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
        }).toList();
    }

    /** The bound listener sockets (with the port the system chose for {@code listen.port: 0}). */
    public List<InetSocketAddress> boundAddresses() {
        return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    private List<GatewayStatus.Listener> listenerViews() {
        return listenerAddresses().stream().map(a -> new GatewayStatus.Listener("sslvpn", a)).toList();
    }

    /** The control socket's path. */
    public java.nio.file.Path controlSocket() {
        return control.socket();
    }

    /** What the data plane is, for the start line ({@code responder (...)}, {@code tun device gmgw0 (...)}). */
    public String dataPlaneDescription() {
        return dataPlane.description();
    }

    /** The tunnel server, for its session directory. */
    public Gateway gateway() {
        return gateway;
    }

    /**
     * Stops gracefully: the tunnel server tells every client (waiting at most {@link #STOP_GRACE}), then the
     * listeners, the control socket, the data plane and the event loops close, the keys are wiped and the audit
     * queue is flushed. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            gateway.stop().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("sslvpn: some clients were not told of the stop within {} s; closing anyway",
                    STOP_GRACE.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("sslvpn: ending the tunnels failed: {}", e.getCause().toString());
        }
        if (sweeps != null) {
            sweeps.cancel(false);
        }
        for (Channel c : listeners) {
            c.close().syncUninterruptibly();
        }
        closeResources();
        LOG.info("sslvpn: gateway stopped");
    }

    private void closeResources() {
        for (Channel c : listeners) {
            c.close();
        }
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("sslvpn: closing {} failed: {}", r, e.toString());
            }
        }
    }
}
