package io.gmgw.cli.demo;

import io.gmgw.cli.VersionInfo;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.OtpFactor;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.keys.EndpointKeys;
import io.gmgw.gateway.keys.KeyReference;
import io.gmgw.gateway.otp.store.Sm4SeedKey;
import io.gmgw.gateway.otp.store.TokenStore;
import io.gmgw.gateway.pool.AddressPool;
import io.gmgw.sslvpn.client.AuthForm;
import io.gmgw.sslvpn.client.ClientProfile;
import io.gmgw.sslvpn.client.FormAnswerer;
import io.gmgw.sslvpn.client.ReconnectPolicy;
import io.gmgw.sslvpn.client.TlcpChannelFactory;
import io.gmgw.sslvpn.client.VpnClient;
import io.gmgw.sslvpn.client.VpnUrl;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's client: {@code gmgw connect}'s {@link VpnClient} in this process, over TLCP with the demo user's keys in
 * the smart key, its packets on an {@link EchoPackets} side instead of a TUN device (no root).
 */
final class DemoClient implements LiveDemo.ClientConnector {
    private static final Logger LOG = LoggerFactory.getLogger("connect");
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Override
    public LiveDemo.TunnelConnection connect(LiveDemo.ConnectRequest request, DemoContext context) throws IOException {
        CryptoModule module = context.module();
        EndpointKeys keys = EndpointKeys.open(module,
                new KeyReference("the smart key's signing key", request.signKey(), "its certificate on the token",
                        null, request.pin()),
                new KeyReference("the smart key's encryption key", request.encKey(), "its certificate on the token",
                        null, request.pin()),
                null, "chain");
        TlcpCredentials credentials = new TlcpCredentials(keys.signingKey(), keys.signingCertificate(),
                keys.encryptionKey(), keys.encryptionCertificate(), keys.chain());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            VpnUrl url = VpnUrl.parse(request.gateway().toString());
            CertificateVerifier verifier = CertificateVerifier.builder(module)
                    .trustAnchors(CertificateFiles.certificates(request.trustAnchor(), "the demo's root CA"))
                    .revocationPolicy(RevocationPolicy.IF_PRESENT).build();
            TlcpConfig config = TlcpConfig.client(module, verifier).audit(context.audit())
                    .suites(List.of(CipherSuite.parse(request.suite()))).credentials(credentials)
                    .serverName(url.host(), false).handshakeTimeout(TIMEOUT)
                    .sessionCache(TlcpSessionCache.defaults(module.clock())).build();
            EchoPackets packets = new EchoPackets(group.next());
            SoftToken token = new SoftToken(context);
            VpnClient vpn = new VpnClient(new VpnClient.Settings(url,
                    ClientProfile.defaults(VersionInfo.current().gmgw(), "gmgw-demo", 1500), token,
                    ReconnectPolicy.OPENCONNECT, TIMEOUT, Optional.empty(), Optional.empty()),
                    new TlcpChannelFactory(group, config, TIMEOUT), packets, group.next(), LOG::info);
            CompletableFuture<VpnClient.Outcome> outcome = vpn.start();
            awaitOpen(packets, outcome);
            return new Connection(vpn, outcome, packets, group, credentials, token.used);
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            credentials.close();
            throw e;
        }
    }

    private static void awaitOpen(EchoPackets packets, CompletableFuture<VpnClient.Outcome> outcome)
            throws IOException {
        try {
            CompletableFuture.anyOf(packets.opened(), outcome).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the tunnel did not come up within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
        if (!packets.opened().isDone()) {
            VpnClient.Outcome o = outcome.join();
            throw new IOException("the demo user could not connect: " + o.message());
        }
    }

    /**
     * The demo user's soft token, played by the client: the gateway's form asks for its dynamic password, which is
     * computed from the seed in the demo's token store (opened with the demo's seed key) for the token's next counter
     * value, as a press of its button would show it. The password itself is never shown.
     */
    private static final class SoftToken implements FormAnswerer {
        private final DemoContext context;
        private final AtomicBoolean used = new AtomicBoolean();

        SoftToken(DemoContext context) {
            this.context = context;
        }

        @Override
        public Optional<Map<String, String>> answer(AuthForm form) {
            CryptoModule module = context.module();
            DemoLayout layout = context.layout();
            try (var key = Sm4SeedKey.fromFile(module, layout.seedKey())) {
                var store = TokenStore.open(layout.tokenStore(), key, context.audit());
                var token = store.forUser(DemoLayout.USER).orElseThrow(() -> new IllegalStateException("the "
                        + "gateway asks for a dynamic password but " + DemoLayout.USER + " has no token in "
                        + layout.tokenStore()));
                var profile = token.profile();
                // the token's next press: an event token's counter, kept in step with the store's; a time token's step
                long step = profile.uses(OtpFactor.TIME) ? profile.timeStep(module.clock().instant().getEpochSecond())
                        : 0;
                long counter = token.state().nextCounter();
                String password = store.withSeed(token, seed -> new DynamicPasswords(module.sm3(),
                        module.sm4()).password(profile, seed, profile.factors(step, counter, Optional.empty())));
                LOG.info("the gateway asks for a dynamic password: the soft token {} answers", token.serial());
                used.set(true);
                return Optional.of(Map.of("password", password));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the demo's token store: " + e.getMessage(), e);
            }
        }
    }

    private record Connection(VpnClient vpn, CompletableFuture<VpnClient.Outcome> outcome, EchoPackets packets,
            EventLoopGroup group, TlcpCredentials credentials, AtomicBoolean token)
            implements LiveDemo.TunnelConnection {
        @Override
        public boolean usedDynamicPassword() {
            return token.get();
        }

        @Override
        public String suite() {
            return vpn.session().map(s -> s.cipherSuite()).orElse("?");
        }

        @Override
        public InetAddress address() {
            return packets.opened().join().address4().orElseThrow();
        }

        /**
         * The gateway's address on the tunnel's network (the client's address and netmask), by the rule the gateway's
         * own pools follow: the first usable address, as the demo's pool sets none.
         */
        @Override
        public InetAddress gatewayAddress() {
            var p = packets.opened().join();
            IpPrefix network = new IpPrefix(p.address4().orElseThrow(), p.netmask4().map(IpPrefix::length).orElse(32))
                    .network();
            return AddressPool.of("the demo's tunnel network", network, null).gateway();
        }

        @Override
        public Duration ping(InetAddress target, int sequence, Duration timeout) throws IOException {
            return packets.ping(target, sequence, timeout);
        }

        @Override
        public void close() {
            try {
                vpn.disconnect("demo finished");
                outcome.get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("the demo client did not log off cleanly: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                credentials.close();
            }
        }
    }
}
