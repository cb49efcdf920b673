package io.gmgw.sslvpn.server;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.config.GroupSettings;
import io.gmgw.gateway.config.PoolSettings;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.pool.AddressPool;
import io.gmgw.sslvpn.gateway.AddressLeases;
import io.gmgw.sslvpn.gateway.Lease;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tunnel server's {@link AddressLeases} over gateway-core's {@link AddressPool}s: one pool per configured network
 * ({@code pools.NAME.ipv4}, {@code pools.NAME.ipv6}), each group leasing from the pools it names. A login's IPv4 and
 * IPv6 addresses are one {@link Lease}; when the second family's pool is exhausted the first address goes back. With
 * {@code predictable: true} the preferred address derives from the certificate's identity (ocserv's predictable-ips),
 * otherwise from the lease's own random id. Thread-safe: the pools lock, the table of live leases is concurrent.
 */
final class PoolLeases implements AddressLeases {
    /** The pools of one {@code pools} entry. */
    record PoolPair(PoolSettings settings, Optional<AddressPool> ipv4, Optional<AddressPool> ipv6) {
    }

    private record Held(Optional<io.gmgw.gateway.pool.Lease> ipv4, Optional<io.gmgw.gateway.pool.Lease> ipv6,
            AddressPool pool4, AddressPool pool6) {
    }

    private final Map<String, PoolPair> pools;
    private final Map<String, GroupSettings> groups;
    private final SecureRandom random;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    PoolLeases(Map<String, PoolSettings> poolSettings, Map<String, GroupSettings> groups, SecureRandom random) {
        Map<String, PoolPair> made = new LinkedHashMap<>();
        for (PoolSettings p : poolSettings.values()) {
            made.put(p.name(), new PoolPair(p, p.ipv4().map(n -> AddressPool.of(p.name(), n, null)),
                    p.ipv6().map(n -> AddressPool.of(p.name(), n, null))));
        }
        this.pools = java.util.Collections.unmodifiableMap(made); // the configuration's order, for status
        this.groups = Map.copyOf(groups);
        this.random = random;
    }

    /** Every address pool, IPv4 then IPv6 of each entry, in the configuration's order. */
    List<AddressPool> all() {
        List<AddressPool> out = new ArrayList<>();
        for (PoolPair p : pools.values()) {
            p.ipv4().ifPresent(out::add);
            p.ipv6().ifPresent(out::add);
        }
        return out;
    }

    /** The gateway's own tunnel addresses, one per pool network: where the responder answers. */
    List<java.net.InetAddress> gatewayAddresses() {
        return all().stream().map(AddressPool::gateway).toList();
    }

    @Override
    public Lease lease(String identityKey, String group, String holder) {
        GroupSettings g = groups.get(group);
        if (g == null) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "group '" + group + "' is not configured");
        }
        AddressPool pool4 = g.ipv4Pool().flatMap(name -> pools.get(name).ipv4()).orElse(null);
        AddressPool pool6 = g.ipv6Pool().flatMap(name -> pools.get(name).ipv6()).orElse(null);
        if (pool4 == null && pool6 == null) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "group '" + group + "' has no address pool");
        }
        byte[] idBytes = new byte[12];
        synchronized (random) {
            random.nextBytes(idBytes);
        }
        String id = HexFormat.of().formatHex(idBytes);
        String owner = holder + "/" + id;
        io.gmgw.gateway.pool.Lease v4 = pool4 == null ? null : pool4.lease(owner, preference(g, pool4, identityKey, id));
        io.gmgw.gateway.pool.Lease v6;
        try {
            v6 = pool6 == null ? null : pool6.lease(owner, preference(g, pool6, identityKey, id));
        } catch (GatewayException e) {
            if (v4 != null) {
                pool4.release(v4);
            }
            throw e;
        }
        held.put(id, new Held(Optional.ofNullable(v4), Optional.ofNullable(v6), pool4, pool6));
        return new Lease(id, Optional.ofNullable(v4).map(PoolLeases::prefix),
                Optional.ofNullable(v6).map(PoolLeases::prefix));
    }

    private String preference(GroupSettings g, AddressPool pool, String identityKey, String id) {
        PoolPair pair = pools.get(pool.name());
        return pair != null && pair.settings().predictable() ? identityKey : id;
    }

    private static IpPrefix prefix(io.gmgw.gateway.pool.Lease l) {
        return new IpPrefix(l.address(), l.prefixLength());
    }

    @Override
    public void release(Lease lease) {
        Held h = held.remove(lease.id());
        if (h == null) {
            return;
        }
        h.ipv4().ifPresent(l -> h.pool4().release(l));
        h.ipv6().ifPresent(l -> h.pool6().release(l));
    }
}
