package io.gmgw.sslvpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.gateway.config.GatewayConfigLoader;
import io.gmgw.gateway.control.ControlClient;
import io.gmgw.gateway.control.GatewayStatus;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.sslvpn.client.ClientProfile;
import io.gmgw.sslvpn.client.FormAnswerer;
import io.gmgw.sslvpn.client.LocalPackets;
import io.gmgw.sslvpn.client.ReconnectPolicy;
import io.gmgw.sslvpn.client.TlcpChannelFactory;
import io.gmgw.sslvpn.client.TunnelParameters;
import io.gmgw.sslvpn.client.VpnClient;
import io.gmgw.sslvpn.client.VpnUrl;
import io.gmgw.sslvpn.client.packet.IcmpEcho;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 15's load proof: 200 TLCP tunnels (40 users with 5 sessions each) come up at once against the assembled
 * gateway in responder mode, each gets its own address of a /22 pool, each pings the gateway through its tunnel and
 * gets the reply; then all log off (BYE) and the gateway is back to nothing: no session, no lease, and no buffer the
 * leak detector (paranoid in the build) saw dropped unreleased. Prints the heap per established tunnel, measured in
 * this one JVM (gateway and clients together, so an upper bound for the gateway; docs/benchmarks.md).
 */
class ConcurrentTunnelsTest {
    /** Five per user (each certificate may also keep that many unused logins: CookieStore.idleLoginsFor). */
    private static final int USERS = 40;
    private static final int PER_USER = 5;
    private static final int TUNNELS = USERS * PER_USER;
    private static final IpPrefix POOL = IpPrefix.parse("192.168.96.0/22", "pool");
    private static final InetAddress GATEWAY = InetAddress.ofLiteral("192.168.96.1");
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    /** Generous: a real leak of per-tunnel state or buffers goes far above it; the measured figure is far below. */
    private static final long MAX_BYTES_PER_TUNNEL = 2L << 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoHundredTunnelsConnectPingAndLogOffLeavingNothingBehind() throws Exception {
        ListAppender<ILoggingEvent> leaks = new ListAppender<>();
        leaks.start();
        Logger leakLogger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        leakLogger.addAppender(leaks);
        CryptoModule module = TestModules.deterministic("sslvpn-load");
        String[] users = new String[USERS];
        for (int i = 0; i < USERS; i++) {
            users[i] = "user" + i;
        }
        GatewayTestSite site = new GatewayTestSite(dir, module, users);
        configure(site);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<TlcpCredentials> credentials = new ArrayList<>();
        try (SslVpnServer server = SslVpnServer.start(GatewayConfigLoader.load(site.config),
                new SslVpnServer.Environment(module, site.audit, "9.9-test", 2))) {
            int port = server.boundAddresses().getFirst().getPort();
            CertificateVerifier verifier = site.serverVerifier();
            List<TlcpChannelFactory> factories = new ArrayList<>();
            for (String user : users) {
                TlcpCredentials c = site.client(user);
                credentials.add(c);
                TlcpConfig config = TlcpConfig.client(module, verifier).credentials(c).serverName("localhost", true)
                        .handshakeTimeout(TIMEOUT).sessionCache(TlcpSessionCache.defaults(module.clock())).build();
                factories.add(new TlcpChannelFactory(group, config, TIMEOUT));
            }
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long before = usedHeap(memory);

            List<Echo> echoes = new ArrayList<>();
            List<VpnClient> clients = new ArrayList<>();
            List<CompletableFuture<VpnClient.Outcome>> outcomes = new ArrayList<>();
            long start = System.nanoTime();
            VpnUrl url = VpnUrl.parse("https://localhost:" + port + "/");
            for (int i = 0; i < TUNNELS; i++) {
                Echo echo = new Echo(i);
                VpnClient vpn = new VpnClient(new VpnClient.Settings(url,
                        ClientProfile.defaults("9.9-test", "load" + i, 1500), FormAnswerer.NONE,
                        ReconnectPolicy.OPENCONNECT, TIMEOUT, Optional.empty(), Optional.empty()),
                        factories.get(i % USERS), echo, group.next(), line -> { });
                echoes.add(echo);
                clients.add(vpn);
                outcomes.add(vpn.start());
            }
            CompletableFuture.allOf(echoes.stream().map(e -> e.opened).toArray(CompletableFuture[]::new))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            System.out.printf("ConcurrentTunnelsTest: %d tunnels up in %d ms%n", TUNNELS,
                    (System.nanoTime() - start) / 1_000_000);
            Set<InetAddress> addresses = new HashSet<>();
            for (Echo e : echoes) {
                InetAddress a = e.opened.join().address4().orElseThrow();
                assertTrue(POOL.contains(a) && !a.equals(GATEWAY), a + " is a client address of the pool");
                assertTrue(addresses.add(a), a + " was handed out twice");
            }
            assertEquals(TUNNELS, server.gateway().sessions().list().size());
            assertEquals(TUNNELS, ipv4Used(server));

            echoes.forEach(Echo::ping);
            CompletableFuture.allOf(echoes.stream().map(e -> e.reply).toArray(CompletableFuture[]::new))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(outcomes.stream().noneMatch(CompletableFuture::isDone), "every tunnel is still up");

            long perTunnel = (usedHeap(memory) - before) / TUNNELS;
            System.out.printf("ConcurrentTunnelsTest: %d tunnels, heap per established tunnel %.1f KiB"
                    + " (gateway and client in one JVM)%n", TUNNELS, perTunnel / 1024.0);
            assertTrue(perTunnel < MAX_BYTES_PER_TUNNEL, perTunnel + " bytes per tunnel");

            CompletableFuture<Void> ended = site.whenEvents("sslvpn.session-end", TUNNELS);
            clients.forEach(c -> c.disconnect("load test done"));
            for (CompletableFuture<VpnClient.Outcome> o : outcomes) {
                assertEquals(VpnClient.EndReason.LOGGED_OFF, o.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).reason());
            }
            ended.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of(), server.gateway().sessions().list());
            assertEquals(0, ipv4Used(server), "a logout (BYE) gives the address back at once");
            assertEquals(TUNNELS, site.events.stream().filter(e -> e.event().equals("sslvpn.session-end"))
                    .filter(e -> "logout".equals(e.details().get("reason"))).count());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            credentials.forEach(TlcpCredentials::close);
        }
        // Leaks are reported when a collected buffer's tracker is polled on a later allocation: collect, then allocate.
        usedHeap(ManagementFactory.getMemoryMXBean());
        for (int i = 0; i < 64; i++) {
            PooledByteBufAllocator.DEFAULT.directBuffer(64).release();
            ByteBufAllocator.DEFAULT.heapBuffer(64).release();
        }
        leakLogger.detachAppender(leaks);
        assertEquals(List.of(), leaks.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    /** A /22 pool, 5 sessions per user, a handshake rate fit for 200 clients on 127.0.0.1, no points for them. */
    private static void configure(GatewayTestSite site) throws Exception {
        site.writeConfig(List.of(), List.of(), "max-sessions-per-user: " + PER_USER, """
                rate-limit:
                  handshakes-per-second: 2000
                  burst: 1000
                bans:
                  connection-points: 0
                """);
        Files.writeString(site.config, Files.readString(site.config).replace("192.168.99.0/24", POOL.toString()));
        Files.writeString(site.acl, GatewayTestSite.ACL.replace("192.168.99.1", GATEWAY.getHostAddress()),
                StandardCharsets.UTF_8);
        site.sign(site.acl);
    }

    private static long ipv4Used(SslVpnServer server) throws Exception {
        try (ControlClient control = ControlClient.connect(server.controlSocket(), Duration.ofSeconds(10), "test")) {
            return control.status().pools().stream().filter(p -> p.family().equals("ipv4"))
                    .mapToLong(GatewayStatus.Pool::used).sum();
        }
    }

    private static long usedHeap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            memory.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** A client's local side: one ICMP echo to the gateway on demand, its reply completes {@link #reply}. */
    private static final class Echo implements LocalPackets {
        final CompletableFuture<TunnelParameters> opened = new CompletableFuture<>();
        final CompletableFuture<Void> reply = new CompletableFuture<>();
        private final int identifier;
        private volatile Uplink uplink;

        Echo(int identifier) {
            this.identifier = identifier;
        }

        @Override
        public void open(TunnelParameters parameters, Uplink up) {
            uplink = up;
            opened.complete(parameters);
        }

        void ping() {
            InetAddress me = opened.join().address4().orElseThrow();
            assertTrue(uplink.send(IcmpEcho.request(ByteBufAllocator.DEFAULT, me, GATEWAY, identifier, 1, 56)));
        }

        @Override
        public void fromGateway(ByteBuf packet) {
            try {
                IcmpEcho.parseReply(packet, GATEWAY, opened.join().address4().orElseThrow())
                        .filter(r -> r.identifier() == identifier && r.sequence() == 1)
                        .ifPresent(r -> reply.complete(null));
            } finally {
                packet.release();
            }
        }

        @Override
        public void close() {
            opened.completeExceptionally(new IllegalStateException("the tunnel closed"));
            reply.completeExceptionally(new IllegalStateException("the tunnel closed"));
        }
    }
}
