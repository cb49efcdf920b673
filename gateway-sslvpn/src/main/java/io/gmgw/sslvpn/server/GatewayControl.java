package io.gmgw.sslvpn.server;

import io.gmgw.gateway.control.ControlPeer;
import io.gmgw.gateway.control.GatewayControlService;
import io.gmgw.gateway.control.GatewayStatus;
import io.gmgw.gateway.control.SessionSelector;
import io.gmgw.gateway.control.SessionView;
import io.gmgw.gateway.ip.IpAddresses;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.pool.AddressPool;
import io.gmgw.sslvpn.gateway.EndReason;
import io.gmgw.sslvpn.gateway.Gateway;
import io.gmgw.sslvpn.gateway.SessionInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the SSL VPN gateway answers on its control socket ({@code gmgw status}, {@code gmgw sessions}): snapshots of the
 * {@link Gateway}'s tunnels, the address pools and the bans. A disconnect ends each tunnel as an operator's
 * ({@code admin-disconnect}: the client is told, its login ends, its session-end record written).
 */
final class GatewayControl implements GatewayControlService {
    private final String version;
    private final Instant startedAt;
    private final Clock clock;
    private final Gateway gateway;
    private final List<AddressPool> pools;
    private final Supplier<List<GatewayStatus.Listener>> listeners;

    GatewayControl(String version, Instant startedAt, Clock clock, Gateway gateway, List<AddressPool> pools,
            Supplier<List<GatewayStatus.Listener>> listeners) {
        this.version = version;
        this.startedAt = startedAt;
        this.clock = clock;
        this.gateway = gateway;
        this.pools = List.copyOf(pools);
        this.listeners = listeners;
    }

    @Override
    public GatewayStatus status() {
        List<SessionInfo> sessions = gateway.sessions().list();
        Map<String, Integer> protocols = new TreeMap<>();
        sessions.forEach(s -> protocols.merge(s.protocol(), 1, Integer::sum));
        Instant now = clock.instant();
        List<GatewayStatus.Pool> poolViews = pools.stream().map(p -> new GatewayStatus.Pool(p.name(),
                p.network().isIpv4() ? "ipv4" : "ipv6", p.network().toString(), p.capacity(), p.leased())).toList();
        List<GatewayStatus.Ban> bans = gateway.bannedSources().stream().map(b -> new GatewayStatus.Ban(
                b.source(), b.points(), now.plus(Duration.ofNanos(b.remainingNanos())))).toList();
        return new GatewayStatus(version, startedAt, Math.max(0, Duration.between(startedAt, now).toSeconds()),
                listeners.get(), sessions.size(), protocols, poolViews, bans);
    }

    @Override
    public List<SessionView> sessions() {
        return gateway.sessions().list().stream().sorted(Comparator.comparing(SessionInfo::connectedSince))
                .map(GatewayControl::view).toList();
    }

    @Override
    public Optional<SessionView> session(String id) {
        return gateway.sessions().find(id).map(GatewayControl::view);
    }

    @Override
    public List<SessionView> disconnect(SessionSelector which, String reason, ControlPeer operator) {
        List<SessionView> matched = switch (which) {
            case SessionSelector.ById byId -> session(byId.id()).map(List::of).orElse(List.of());
            case SessionSelector.ByUser byUser -> sessions().stream().filter(s -> s.user().equals(byUser.user()))
                    .toList();
        };
        for (SessionView s : matched) {
            gateway.disconnect(s.id(), EndReason.ADMIN_DISCONNECT, reason + " (operator " + operator.user() + ", uid " + operator.uid() + ")");
        }
        return matched;
    }

    static SessionView view(SessionInfo s) {
        return new SessionView(s.id(), s.user(), s.group(), new SessionView.Certificate(s.subject(),
                s.serialHex().toUpperCase(java.util.Locale.ROOT), s.issuer()), s.protocol(), s.cipherSuite(),
                s.ipv4().map(GatewayControl::address).orElse(null), s.ipv6().map(GatewayControl::address).orElse(null),
                s.source(), s.connectedSince(), new SessionView.Traffic(s.bytesIn(), s.packetsIn(), s.dropsIn()),
                new SessionView.Traffic(s.bytesOut(), s.packetsOut(), s.dropsOut()));
    }

    private static String address(IpPrefix p) {
        return IpAddresses.format(p.address());
    }
}
