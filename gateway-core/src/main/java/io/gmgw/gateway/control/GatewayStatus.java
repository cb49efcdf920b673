package io.gmgw.gateway.control;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reply of {@code status}: what is running and how loaded it is. Written as JSON in this order (docs/control-api.md
 * shows an example); members may be added within a protocol version, never removed or renamed.
 *
 * @param version       the gateway's version
 * @param startedAt     when the gateway started serving
 * @param uptimeSeconds whole seconds since then
 * @param listeners     where it accepts VPN connections
 * @param sessions      established sessions
 * @param protocols     established sessions by secure-channel protocol ({@code TLCP}, {@code TLSv1.3}, ...)
 * @param pools         address pools and how much of each is handed out
 * @param bans          source addresses refused for failed logins, now
 */
public record GatewayStatus(String version, Instant startedAt, long uptimeSeconds, List<Listener> listeners,
        int sessions, Map<String, Integer> protocols, List<Pool> pools, List<Ban> bans) {

    /** A listening socket: what it serves ({@code sslvpn}, later {@code ipsec}) and its address. */
    public record Listener(String service, String address) {
    }

    /**
     * An address pool: its name (the group or {@code default}), {@code ipv4} or {@code ipv6}, its range as CIDR, the
     * addresses it can hand out and those handed out now.
     */
    public record Pool(String name, String family, String range, long size, long used) {
    }

    /** A banned source address, its ban points and when the ban ends. */
    public record Ban(String address, int points, Instant until) {
    }

    public GatewayStatus {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(startedAt, "startedAt");
        listeners = List.copyOf(listeners);
        // sorted, so that the JSON's members come in the same order every time
        protocols = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(protocols));
        pools = List.copyOf(pools);
        bans = List.copyOf(bans);
    }
}
