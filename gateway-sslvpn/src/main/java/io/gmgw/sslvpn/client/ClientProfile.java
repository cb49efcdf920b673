package io.gmgw.sslvpn.client;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How the client presents itself to the gateway. The user agent starts with {@code Open AnyConnect VPN Agent v}
 * and a major version above 3: ocserv sorts agents by that prefix and gives unknown ones no IPv6 routes or DNS, and
 * treats {@code v1..v3} as old-style forms (cstp.md §2.1). {@code baseMtu} and {@code mtu} are what
 * {@code X-CSTP-Base-MTU} and {@code X-CSTP-MTU} ask for (§7). With {@code baseFromPath} the base MTU is measured
 * on each tunnel connection ({@link #onPath}), as openconnect does without {@code --base-mtu}, and {@code baseMtu}
 * is only the fallback; {@code mtuFromBase} says the tunnel MTU follows the base (no {@code --mtu} given).
 */
public record ClientProfile(String userAgent, String version, String deviceId, String hostname, int baseMtu, int mtu,
        boolean ipv6, boolean baseFromPath, boolean mtuFromBase) {
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
                + gmgwVersion, "linux-64", hostname, baseMtu, tunnelMtuFor(baseMtu), true, false, true);
    }

    /**
     * As {@link #defaults} with the base MTU measured on each connection ({@link #onPath}), {@link #DEFAULT_BASE_MTU}
     * when it cannot be.
     */
    public static ClientProfile measuring(String gmgwVersion, String hostname) {
        ClientProfile p = defaults(gmgwVersion, hostname, DEFAULT_BASE_MTU);
        return new ClientProfile(p.userAgent, p.version, p.deviceId, p.hostname, p.baseMtu, p.mtu, p.ipv6, true,
                true);
    }

    private static int tunnelMtuFor(int baseMtu) {
        return Math.max(576, baseMtu - 82 - 8 - 20);
    }

    /** This profile asking for tunnel MTU {@code newMtu}; a measured base's fallback is raised to carry it. */
    public ClientProfile withMtu(int newMtu) {
        int base = baseFromPath ? Math.max(baseMtu, newMtu) : baseMtu;
        return new ClientProfile(userAgent, version, deviceId, hostname, base, newMtu, ipv6, baseFromPath, false);
    }

    public ClientProfile withoutIpv6() {
        return new ClientProfile(userAgent, version, deviceId, hostname, baseMtu, mtu, false, baseFromPath,
                mtuFromBase);
    }

    /**
     * This profile for a connection whose path MTU is {@code pathMtu} (empty: not known): with
     * {@code baseFromPath}, the base MTU becomes the path's, never below 1280 (cstp.md §7), and a tunnel MTU that
     * follows the base follows it; a given tunnel MTU stays, lowered to the base if above it. Else unchanged.
     */
    public ClientProfile onPath(OptionalInt pathMtu) {
        if (!baseFromPath || pathMtu.isEmpty()) {
            return this;
        }
        int base = Math.clamp(pathMtu.getAsInt(), 1280, 65535);
        int tunnel = mtuFromBase ? tunnelMtuFor(base) : Math.min(mtu, base);
        return new ClientProfile(userAgent, version, deviceId, hostname, base, tunnel, ipv6, true, mtuFromBase);
    }
}
