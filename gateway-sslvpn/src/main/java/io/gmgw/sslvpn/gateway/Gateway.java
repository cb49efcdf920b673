package io.gmgw.sslvpn.gateway;

import io.gmgw.audit.Audit;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.ratelimit.SourcePrefix;
import io.gmgw.sslvpn.cstp.auth.ConfigAuthParser;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.Ticker;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tunnel server: the state shared by all connections (login cookies, ban points, live tunnels) and the handlers
 * that go into each connection's pipeline. A connection's pipeline is
 * {@code [admission] [secure channel: TLCP or TLS] [connection handler]}: {@link #newAdmissionHandler()} refuses banned
 * sources before any handshake work, {@link #newConnectionHandler()} waits for the {@code SecureChannelEvent}, speaks
 * the HTTP phase and turns the channel into a CSTP tunnel on CONNECT.
 *
 * <p>Call {@link #sweep()} periodically (every {@code timerTick}) to expire cookies and release their leases, and
 * {@link #stop()} to end every tunnel gracefully.
 */
public final class Gateway {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");

    final GatewaySettings settings;
    final GatewayAudit audit;
    final Ticker ticker;
    final Clock clock;
    final Authenticator authenticator;
    final GroupPolicies policies;
    final AddressLeases leases;
    final PacketPath packetPath;
    final CookieStore cookies;
    final BanList bans;
    final ConfigAuthParser authParser;
    private final SecureRandom random;
    private final Map<String, CstpTunnelHandler> tunnels = new ConcurrentHashMap<>();
    private final GatewayAdmissionHandler admission;
    private volatile boolean stopping;

    private Gateway(Builder b) {
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.audit = new GatewayAudit(Objects.requireNonNull(b.audit, "audit"));
        this.ticker = Objects.requireNonNull(b.ticker, "ticker");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.random = Objects.requireNonNull(b.random, "random");
        this.policies = Objects.requireNonNull(b.policies, "policies");
        this.leases = Objects.requireNonNull(b.leases, "leases");
        this.packetPath = Objects.requireNonNull(b.packetPath, "packetPath");
        this.authenticator = b.authenticator != null ? b.authenticator
                : new CertificateAuthenticator(new IdentityMapper(settings), policies);
        this.cookies = new CookieStore(random, settings.cookieTimeout().toNanos(), settings.sessionTimeout().toNanos(),
                settings.maxCookies(), CookieStore.idleLoginsFor(settings.maxSessionsPerUser()));
        this.bans = new BanList(settings.maxBanScore(), settings.banResetTime().toNanos(), settings.maxBanEntries());
        this.authParser = new ConfigAuthParser(settings.maxBodyBytes());
        this.admission = new GatewayAdmissionHandler(this);
    }

    /**
     * The tunnel limit of {@code identity}'s group (its policy's, else the settings'); 0 = no limit. A group no longer
     * configured gets the settings' limit: the CONNECT is refused for it right after.
     */
    int maxSessionsPerUser(Identity identity) {
        return policies.find(identity.group()).map(GroupPolicy::maxSessionsPerUser)
                .filter(java.util.OptionalInt::isPresent).map(java.util.OptionalInt::getAsInt)
                .orElse(settings.maxSessionsPerUser());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Refuses banned sources when the connection opens; one shared instance. Put it first in the pipeline. */
    public ChannelHandler newAdmissionHandler() {
        return admission;
    }

    /** The handler for one connection, after the secure channel handler. */
    public ChannelHandler newConnectionHandler() {
        return new GatewayConnectionHandler(this);
    }

    /** The live tunnels, for the control socket. */
    public SessionDirectory sessions() {
        return directory;
    }

    /** Ends one tunnel as an operator asks (the client is told and its login ends); false when no such tunnel. */
    public boolean disconnect(String sessionId) {
        return disconnect(sessionId, EndReason.ADMIN_DISCONNECT, "disconnected by an operator");
    }

    /**
     * Ends one tunnel for {@code reason} (an operator's disconnect, a revoked certificate), with {@code detail} in its
     * log line and session-end record; false when no such tunnel. The tunnel ends on its event loop, after this
     * returns.
     */
    public boolean disconnect(String sessionId, EndReason reason, String detail) {
        CstpTunnelHandler t = tunnels.get(sessionId);
        if (t == null) {
            return false;
        }
        t.close(reason, detail);
        return true;
    }

    /** The sources banned now (ban points at the maximum), for the control socket's status. */
    public List<BanList.Banned> bannedSources() {
        return bans.banned(now());
    }

    /** The settings the gateway runs with. */
    public GatewaySettings settings() {
        return settings;
    }

    /**
     * Runs {@link #sweep()} every {@code timerTick} on {@code executor} (an event loop of the gateway's group) until
     * the returned future is cancelled.
     */
    public java.util.concurrent.ScheduledFuture<?> scheduleSweeps(java.util.concurrent.ScheduledExecutorService executor) {
        long tick = settings.timerTick().toNanos();
        return executor.scheduleAtFixedRate(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.error("cstp: expiring login cookies failed; will retry", e);
            }
        }, tick, tick, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * Expires cookies past their timeout and releases their address leases, with one {@code cstp} line each: the end
     * of a session that ended without a logout (DPD, a lost connection) is only half of it, its addresses come back
     * here, when the reconnect window closes.
     */
    public void sweep() {
        for (CookieStore.Login gone : cookies.sweep(ticker.nanoTime())) {
            Lease lease = cookies.takeLease(gone);
            if (lease != null) {
                LOG.info("cstp: login of '{}' (cookie {}) expired: addresses {}{} back in the pool",
                        gone.identity().user(), gone.id(), lease.ipv4().map(IpPrefix::toString).orElse("-"),
                        lease.ipv6().map(p -> " " + p).orElse(""));
            }
            releaseLease(lease);
        }
    }

    /**
     * Stops taking logins and tunnels, and ends every tunnel: each client is told (DISCONNECT) before its connection
     * closes. Completes when every tunnel's connection has closed.
     */
    public CompletableFuture<Void> stop() {
        stopping = true;
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (CstpTunnelHandler t : List.copyOf(tunnels.values())) {
            closing.add(t.close(EndReason.SERVER_STOP, "the gateway is stopping"));
        }
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }

    boolean stopping() {
        return stopping;
    }

    long now() {
        return ticker.nanoTime();
    }

    String newSessionId() {
        byte[] id = new byte[8];
        synchronized (random) {
            random.nextBytes(id);
        }
        return HexFormat.of().formatHex(id);
    }

    /** Adds ban points to {@code source}; audits the moment it becomes banned. */
    void penalize(InetAddress source, int points) {
        long now = now();
        if (bans.add(source, points, now)) {
            int score = bans.score(source, now);
            // The ban covers the source's whole unit: the address, or its IPv6 /64.
            LOG.warn("cstp: {} banned for {} s after reaching {} ban points", SourcePrefix.of(source),
                    settings.banResetTime().toSeconds(), score);
            audit.ban(source, score);
        }
    }

    void register(CstpTunnelHandler t) {
        tunnels.put(t.id(), t);
    }

    void unregister(CstpTunnelHandler t) {
        tunnels.remove(t.id(), t);
    }

    void releaseLease(Lease lease) {
        if (lease != null) {
            leases.release(lease);
        }
    }

    private final SessionDirectory directory = new SessionDirectory() {
        @Override
        public List<SessionInfo> list() {
            return tunnels.values().stream().map(CstpTunnelHandler::info).toList();
        }

        @Override
        public Optional<SessionInfo> find(String sessionId) {
            return Optional.ofNullable(tunnels.get(sessionId)).map(CstpTunnelHandler::info);
        }

        @Override
        public int countOf(String user) {
            return (int) tunnels.values().stream().filter(t -> t.identity().user().equals(user)).count();
        }
    };

    /** What the gateway is made of; settings, audit, policies, leases and the packet path are required. */
    public static final class Builder {
        private GatewaySettings settings;
        private Audit audit;
        private Ticker ticker = Ticker.systemTicker();
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;
        private Authenticator authenticator;
        private GroupPolicies policies;
        private AddressLeases leases;
        private PacketPath packetPath;

        public Builder settings(GatewaySettings v) { settings = v; return this; }
        /** Should be asynchronous (AsyncAuditSink): records are written from event loops. */
        public Builder audit(Audit v) { audit = v; return this; }
        /** Monotonic time for every timer (cookies, bans, DPD); the event loops' ticker in production. */
        public Builder ticker(Ticker v) { ticker = v; return this; }
        /** Wall time for "connected since". */
        public Builder clock(Clock v) { clock = v; return this; }
        /** Source of cookies and session ids (the crypto module's DRBG). */
        public Builder random(SecureRandom v) { random = v; return this; }
        /** Defaults to certificate login ({@link CertificateAuthenticator}). */
        public Builder authenticator(Authenticator v) { authenticator = v; return this; }
        public Builder policies(GroupPolicies v) { policies = v; return this; }
        public Builder leases(AddressLeases v) { leases = v; return this; }
        public Builder packetPath(PacketPath v) { packetPath = v; return this; }

        public Gateway build() {
            return new Gateway(this);
        }
    }
}
