package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.ip.IpPrefix;
import java.util.Optional;

/**
 * Addresses an {@link AddressLeases} pool gave one login: the IPv4 address with the pool's prefix (its netmask goes to
 * the client), and an IPv6 address with its prefix when the group has an IPv6 pool.
 *
 * @param id   the pool's handle for {@link AddressLeases#release}
 * @param ipv4 the IPv4 address and the pool's prefix length; empty when the group has only IPv6
 * @param ipv6 the IPv6 address and prefix; empty when the group has no IPv6 pool
 */
public record Lease(String id, Optional<IpPrefix> ipv4, Optional<IpPrefix> ipv6) {
    public Lease {
        if (ipv4.isEmpty() && ipv6.isEmpty()) {
            throw new IllegalArgumentException("a lease holds at least one address");
        }
        ipv4.ifPresent(p -> {
            if (!p.isIpv4()) {
                throw new IllegalArgumentException("ipv4 lease is not IPv4: " + p);
            }
        });
        ipv6.ifPresent(p -> {
            if (p.isIpv4()) {
                throw new IllegalArgumentException("ipv6 lease is not IPv6: " + p);
            }
        });
    }
}
