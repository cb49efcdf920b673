package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.GatewayException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The tunnel server's knobs (the configuration part maps its YAML here). Durations of zero mean "none" where the
 * field says so. Defaults follow ocserv 1.1.6's sample.config (cstp.md §8, §9, §12) unless a comment says otherwise.
 *
 * @param userAttribute        OID of the subject attribute that names the user (ocserv cert-user-oid; CN)
 * @param groupAttribute       OID of the subject attribute that names the group (ocserv cert-group-oid; OU)
 * @param userGroups           per-user group overrides, user name → group
 * @param defaultGroup         the group of a certificate without the group attribute; null = refuse such logins
 * @param cookieTimeout        how long a cookie lives before its first CONNECT and after a disconnect (reconnects)
 * @param maxCookies           most cookies kept at once (logins beyond it are refused until some expire)
 * @param dpd                  DPD interval told to clients; the server probes after 2×, closes after 3× (§8)
 * @param keepalive            keepalive interval told to clients
 * @param idleTimeout          session ends after this long without DATA either way; zero = none
 * @param sessionTimeout       session ends this long after it started; zero = none
 * @param timerTick            how often each session checks its timers (bounds their precision)
 * @param linkMtu              the gateway's link MTU toward clients (min'ed with the client's Base-MTU, §7)
 * @param maxSessionsPerUser   most tunnels one user may hold at once; zero = no limit (ocserv max-same-clients 2)
 * @param maxBanScore          ban points at which a source address is refused (ocserv max-ban-score)
 * @param banPointsFailedLogin points per failed login (ocserv ban-points-wrong-password)
 * @param banPointsConnection  points per connection (ocserv ban-points-connection)
 * @param banResetTime         points are forgotten, and a ban lifted, this long after the last point
 * @param maxBanEntries        most source addresses tracked (the oldest are forgotten first)
 * @param maxRequestLine       longest HTTP request line
 * @param maxHeaderBytes       largest HTTP header block
 * @param maxBodyBytes         largest login body
 * @param httpTimeout          a connection that has not opened the tunnel by then is closed
 * @param maxRequestsPerConnection most HTTP requests on one connection
 * @param outboundQueuePackets most packets queued toward one client; beyond it packets are dropped and counted
 * @param banner               X-CSTP-Banner text, empty for none
 * @param smartcardRemovalDisconnect X-CSTP-Smartcard-Removal-Disconnect: the client ends the tunnel when its token goes
 * @param writeBufferBytes     bytes a tunnel's connection may have unsent before it counts as not writable (Netty's
 *                             high water mark; the low one is half): then DPD answers are dropped, packets queue, and
 *                             the gateway stops reading from that client until it catches up
 */
public record GatewaySettings(String userAttribute, String groupAttribute, Map<String, String> userGroups,
        String defaultGroup, Duration cookieTimeout, int maxCookies, Duration dpd, Duration keepalive,
        Duration idleTimeout, Duration sessionTimeout, Duration timerTick, int linkMtu, int maxSessionsPerUser,
        int maxBanScore, int banPointsFailedLogin, int banPointsConnection, Duration banResetTime, int maxBanEntries,
        int maxRequestLine, int maxHeaderBytes, int maxBodyBytes, Duration httpTimeout, int maxRequestsPerConnection,
        int outboundQueuePackets, String banner, boolean smartcardRemovalDisconnect, int writeBufferBytes) {
    /** The smallest link MTU accepted: IPv6 needs a 1280-byte tunnel MTU plus the 48 bytes §7 subtracts. */
    public static final int MIN_LINK_MTU = 576;

    public GatewaySettings {
        Objects.requireNonNull(userAttribute, "userAttribute");
        Objects.requireNonNull(groupAttribute, "groupAttribute");
        userGroups = Map.copyOf(userGroups);
        banner = Objects.requireNonNullElse(banner, "");
        positive("cookie-timeout", cookieTimeout);
        positive("dpd", dpd);
        positive("keepalive", keepalive);
        notNegative("idle-timeout", idleTimeout);
        notNegative("session-timeout", sessionTimeout);
        positive("timer-tick", timerTick);
        positive("ban-reset-time", banResetTime);
        positive("http-timeout", httpTimeout);
        atLeast("max-cookies", maxCookies, 1);
        atLeast("mtu", linkMtu, MIN_LINK_MTU);
        if (linkMtu > 9000) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "mtu " + linkMtu + " is above 9000: write the "
                    + "link MTU of the gateway's interface toward clients (1500 on Ethernet)");
        }
        atLeast("max-sessions-per-user", maxSessionsPerUser, 0);
        atLeast("max-ban-score", maxBanScore, 1);
        atLeast("ban-points-failed-login", banPointsFailedLogin, 0);
        atLeast("ban-points-connection", banPointsConnection, 0);
        atLeast("max-ban-entries", maxBanEntries, 1);
        atLeast("max-request-line", maxRequestLine, 256);
        atLeast("max-header-bytes", maxHeaderBytes, 1024);
        atLeast("max-body-bytes", maxBodyBytes, 1024);
        atLeast("max-requests-per-connection", maxRequestsPerConnection, 2);
        atLeast("outbound-queue-packets", outboundQueuePackets, 1);
        atLeast("write-buffer-bytes", writeBufferBytes, 2048);
    }

    /** Defaults: ocserv's sample.config values; 300 s cookies match openconnect's 300 s reconnect window (§9). */
    public static Builder builder() {
        return new Builder();
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new GatewayException(GatewayException.Kind.CONFIG, name + " must be longer than zero, not " + d);
        }
    }

    private static void notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new GatewayException(GatewayException.Kind.CONFIG, name + " must not be negative (0 = none), not "
                    + d);
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new GatewayException(GatewayException.Kind.CONFIG, name + " must be at least " + min + ", not "
                    + value);
        }
    }

    /** Builds settings from the defaults; every setter names one field. */
    public static final class Builder {
        private String userAttribute = "2.5.4.3";
        private String groupAttribute = "2.5.4.11";
        private Map<String, String> userGroups = Map.of();
        private String defaultGroup;
        private Duration cookieTimeout = Duration.ofSeconds(300);
        private int maxCookies = 16384;
        private Duration dpd = Duration.ofSeconds(90);
        private Duration keepalive = Duration.ofSeconds(32400);
        private Duration idleTimeout = Duration.ZERO;
        private Duration sessionTimeout = Duration.ZERO;
        private Duration timerTick = Duration.ofSeconds(5);
        private int linkMtu = 1500;
        private int maxSessionsPerUser = 2;
        private int maxBanScore = 80;
        private int banPointsFailedLogin = 10;
        private int banPointsConnection = 1;
        private Duration banResetTime = Duration.ofSeconds(1200);
        private int maxBanEntries = 65536;
        private int maxRequestLine = 4096;
        private int maxHeaderBytes = 8192;
        private int maxBodyBytes = 16384;
        private Duration httpTimeout = Duration.ofSeconds(30);
        private int maxRequestsPerConnection = 8;
        private int outboundQueuePackets = 512;
        private String banner = "";
        private boolean smartcardRemovalDisconnect = true;
        private int writeBufferBytes = 64 * 1024;

        public Builder userAttribute(String v) { userAttribute = v; return this; }
        public Builder groupAttribute(String v) { groupAttribute = v; return this; }
        public Builder userGroups(Map<String, String> v) { userGroups = v; return this; }
        public Builder defaultGroup(String v) { defaultGroup = v; return this; }
        public Builder cookieTimeout(Duration v) { cookieTimeout = v; return this; }
        public Builder maxCookies(int v) { maxCookies = v; return this; }
        public Builder dpd(Duration v) { dpd = v; return this; }
        public Builder keepalive(Duration v) { keepalive = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder sessionTimeout(Duration v) { sessionTimeout = v; return this; }
        public Builder timerTick(Duration v) { timerTick = v; return this; }
        public Builder linkMtu(int v) { linkMtu = v; return this; }
        public Builder maxSessionsPerUser(int v) { maxSessionsPerUser = v; return this; }
        public Builder maxBanScore(int v) { maxBanScore = v; return this; }
        public Builder banPointsFailedLogin(int v) { banPointsFailedLogin = v; return this; }
        public Builder banPointsConnection(int v) { banPointsConnection = v; return this; }
        public Builder banResetTime(Duration v) { banResetTime = v; return this; }
        public Builder maxBanEntries(int v) { maxBanEntries = v; return this; }
        public Builder maxRequestLine(int v) { maxRequestLine = v; return this; }
        public Builder maxHeaderBytes(int v) { maxHeaderBytes = v; return this; }
        public Builder maxBodyBytes(int v) { maxBodyBytes = v; return this; }
        public Builder httpTimeout(Duration v) { httpTimeout = v; return this; }
        public Builder maxRequestsPerConnection(int v) { maxRequestsPerConnection = v; return this; }
        public Builder outboundQueuePackets(int v) { outboundQueuePackets = v; return this; }
        public Builder banner(String v) { banner = v; return this; }
        public Builder smartcardRemovalDisconnect(boolean v) { smartcardRemovalDisconnect = v; return this; }
        public Builder writeBufferBytes(int v) { writeBufferBytes = v; return this; }

        public GatewaySettings build() {
            return new GatewaySettings(userAttribute, groupAttribute, userGroups, defaultGroup, cookieTimeout,
                    maxCookies, dpd, keepalive, idleTimeout, sessionTimeout, timerTick, linkMtu, maxSessionsPerUser,
                    maxBanScore, banPointsFailedLogin, banPointsConnection, banResetTime, maxBanEntries,
                    maxRequestLine, maxHeaderBytes, maxBodyBytes, httpTimeout, maxRequestsPerConnection,
                    outboundQueuePackets, banner, smartcardRemovalDisconnect, writeBufferBytes);
        }
    }
}
