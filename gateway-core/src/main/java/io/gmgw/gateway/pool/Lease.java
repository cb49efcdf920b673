package io.gmgw.gateway.pool;

import java.net.InetAddress;

/**
 * One address handed to one owner by an {@link AddressPool}. {@code owner} is the key the lease is bound to (the
 * session's cookie, so that a reconnect with the same cookie gets the same address back); {@code prefixLength} is the
 * pool's prefix length, what the client is told as its netmask ({@code X-CSTP-Netmask}, {@code X-CSTP-Address-IP6}
 * {@code addr/prefix}, cstp.md §5) so that the pool's network, including {@code gateway}, is on-link through the
 * tunnel. IPv6 pools hand out one address per client (ocserv's {@code ipv6-subnet-prefix = 128}), not a prefix.
 */
public record Lease(String pool, String owner, InetAddress address, int prefixLength, InetAddress gateway) {
    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " from pool " + pool;
    }
}
