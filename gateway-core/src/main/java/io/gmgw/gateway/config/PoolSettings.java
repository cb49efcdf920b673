package io.gmgw.gateway.config;

import io.gmgw.gateway.ip.IpPrefix;
import java.util.Optional;

/**
 * One {@code pools} entry: the IPv4 network and/or IPv6 network users' addresses come from. The first host address
 * of each network is the gateway's own end of the tunnel (the unprivileged responder answers there). An IPv6 user gets
 * a prefix of {@link #ipv6PrefixLength()} bits (128: one address, as ocserv's {@code ipv6-subnet-prefix}). With
 * {@link #predictable()} a user gets the same address again while it is free (ocserv's {@code predictable-ips}).
 */
public record PoolSettings(String name, Optional<IpPrefix> ipv4, Optional<IpPrefix> ipv6, int ipv6PrefixLength,
        boolean predictable) {
}
