package io.gmgw.sslvpn.client;

import java.util.Objects;

/**
 * How the client presents itself to the gateway. The user agent starts with {@code Open AnyConnect VPN Agent v}
 * and a major version above 3: ocserv sorts agents by that prefix and gives unknown ones no IPv6 routes or DNS, and
 * treats {@code v1..v3} as old-style forms (cstp.md §2.1). {@code baseMtu} and {@code mtu} are what
 * {@code X-CSTP-Base-MTU} and {@code X-CSTP-MTU} ask for (§7).
 */
public record ClientProfile(String userAgent, String version, String deviceId, String hostname, int baseMtu, int mtu,
        boolean ipv6) {
    /** openconnect's default when nothing better is known (cstp.md §7: base 1406, never below 1280). */
    public static final int DEFAULT_BASE_MTU = 1406;

    public ClientProfile {
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(hostname, "hostname");
        if (baseMtu < 1280 || baseMtu > 65535) {
            throw new IllegalArgumentException("base MTU must be 1280..65535, not " + baseMtu);
        }
        if (mtu < 576 || mtu > baseMtu) {
            throw new IllegalArgumentException("tunnel MTU must be 576.." + baseMtu + ", not " + mtu);
        }
        if (hostname.isEmpty() || hostname.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("local host name must be printable ASCII without spaces: '" + hostname
                    + "'");
        }
    }

    /**
     * The usual profile: openconnect-like agent string carrying gmgw's version, and the MTU openconnect would ask
     * for over {@code baseMtu}: base − 82 (DTLS overhead) − 8 (UDP) − 20 (IPv4) (cstp.md §7), so that a gateway
     * that later adds DTLS needs no other MTU.
     */
    public static ClientProfile defaults(String gmgwVersion, String hostname, int baseMtu) {
        return new ClientProfile("Open AnyConnect VPN Agent v9.01 (gmgw " + gmgwVersion + ")", "v9.01-gmgw-"
                + gmgwVersion, "linux-64", hostname, baseMtu, Math.max(576, baseMtu - 82 - 8 - 20), true);
    }

    public ClientProfile withMtu(int newMtu) {
        return new ClientProfile(userAgent, version, deviceId, hostname, baseMtu, newMtu, ipv6);
    }

    public ClientProfile withoutIpv6() {
        return new ClientProfile(userAgent, version, deviceId, hostname, baseMtu, mtu, false);
    }
}
