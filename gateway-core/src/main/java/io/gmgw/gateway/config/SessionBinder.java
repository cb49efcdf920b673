package io.gmgw.gateway.config;

import java.time.Duration;
import java.util.Optional;

/** Binds {@code tunnel}, {@code bans} and {@code rate-limit}: the numbers of sessions and of their admission. */
final class SessionBinder {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private SessionBinder() {
    }

    static TunnelSettings tunnel(Section s) {
        // 576: the smallest IPv4 datagram every host takes (RFC 791); 9000: jumbo frames. A frame of MTU + 8 bytes
        // plus record overhead stays far below the 16384-byte record limit (cstp.md §7).
        int mtu = s.integer("mtu", 576, 9000, "bytes");
        Duration keepalive = s.duration("keepalive", SECOND, null).orElseThrow();
        Duration dpd = s.duration("dpd", SECOND, null).orElseThrow();
        Optional<Duration> idle = s.duration("idle-timeout", SECOND, "no idle timeout");
        Optional<Duration> session = s.duration("session-timeout", SECOND, "no session timeout");
        Duration cookie = s.duration("cookie-timeout", SECOND, null).orElseThrow();
        boolean smartcard = s.bool("smartcard-removal-disconnect");
        int maxClients = s.integer("max-clients", 1, 1_000_000, "sessions at once");
        int writeBuffer = s.integer("write-buffer-bytes", TunnelSettings.MIN_WRITE_BUFFER,
                TunnelSettings.MAX_WRITE_BUFFER, "bytes unsent per session before the gateway stops reading from it");
        s.finish();
        return new TunnelSettings(mtu, keepalive, dpd, idle, session, cookie, smartcard, maxClients, writeBuffer);
    }

    static BanSettings bans(Section s) {
        int maxScore = s.integer("max-score", 0, 1_000_000, "0: no bans");
        Duration reset = s.duration("reset-time", SECOND, null).orElseThrow();
        int wrongLogin = s.integer("wrong-login-points", 0, 1_000_000, "");
        int connection = s.integer("connection-points", 0, 1_000_000, "");
        int table = s.integer("table-size", 16, 1 << 24, "sources tracked");
        if (maxScore > 0 && wrongLogin == 0 && connection == 0 && (s.has("wrong-login-points")
                || s.has("connection-points"))) {
            s.error(s.has("wrong-login-points") ? "wrong-login-points" : "connection-points", "no event adds points, "
                    + "so nobody is ever banned; give wrong-login-points a value above 0, or write max-score: 0 to "
                    + "turn bans off");
        }
        s.finish();
        return new BanSettings(maxScore, reset, wrongLogin, connection, table);
    }

    static RateLimitSettings rateLimit(Section s) {
        int rate = s.integer("handshakes-per-second", 1, 100_000, "per source address");
        int burst = s.integer("burst", 1, 100_000, "handshakes at once");
        int table = s.integer("table-size", 16, 1 << 24, "sources tracked");
        int v6 = s.integer("ipv6-prefix", 32, 128, "IPv6 sources are grouped by this prefix");
        int globalRate = s.integer("global-handshakes-per-second", 1, 1_000_000, "all sources together");
        int globalBurst = s.integer("global-burst", 1, 1_000_000, "handshakes all sources may start at once");
        int unauthenticated = s.integer("max-unauthenticated", 1, 1_000_000, "connections still in their handshake");
        s.finish();
        return new RateLimitSettings(rate, burst, table, v6, globalRate, globalBurst, unauthenticated);
    }
}
