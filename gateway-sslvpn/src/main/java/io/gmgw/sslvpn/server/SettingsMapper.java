package io.gmgw.sslvpn.server;

import io.gmgw.gateway.config.BanSettings;
import io.gmgw.gateway.config.ClientSettings;
import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.config.GroupSettings;
import io.gmgw.gateway.config.RateLimitSettings;
import io.gmgw.gateway.config.TunnelSettings;
import io.gmgw.gateway.ratelimit.HandshakeRateLimiter;
import io.gmgw.sslvpn.gateway.GatewaySettings;
import java.time.Duration;

/**
 * The tunnel server's {@link GatewaySettings} from the configuration's records. Sessions per user and the banner are
 * per group ({@link SessionGroupPolicy} carries them, as ocserv's per-group config); the settings keep the most
 * tunnels any group allows, which sizes the unused logins a certificate may keep, and no banner.
 */
final class SettingsMapper {
    /** The bytes a tunnel MTU leaves to the link: IPv4 and UDP headers a DTLS channel would need (cstp.md §7). */
    static final int LINK_OVERHEAD = 28;

    private SettingsMapper() {
    }

    static GatewaySettings map(GatewayConfig c) {
        ClientSettings clients = c.clients();
        TunnelSettings t = c.tunnel();
        BanSettings bans = c.bans();
        GatewaySettings.Builder b = GatewaySettings.builder()
                .userAttribute(oid(clients.userOid()))
                .groupAttribute(clients.groupOid().map(SettingsMapper::oid).orElse(NO_ATTRIBUTE))
                .userGroups(clients.users()).defaultGroup(clients.defaultGroup().orElse(null))
                .cookieTimeout(t.cookieTimeout()).maxCookies(t.maxClients())
                .dpd(t.dpd()).keepalive(t.keepalive())
                .idleTimeout(t.idleTimeout().orElse(Duration.ZERO))
                .sessionTimeout(t.sessionTimeout().orElse(Duration.ZERO))
                .linkMtu(t.mtu() + LINK_OVERHEAD)
                .maxSessionsPerUser(sessionsPerUser(c))
                .smartcardRemovalDisconnect(t.smartcardRemovalDisconnect())
                .writeBufferBytes(t.writeBufferBytes())
                .banner("");
        if (bans.enabled()) {
            b.maxBanScore(bans.maxScore()).banResetTime(bans.resetTime())
                    .banPointsFailedLogin(bans.wrongLoginPoints()).banPointsConnection(bans.connectionPoints())
                    .maxBanEntries(bans.tableSize());
        } else {
            b.maxBanScore(Integer.MAX_VALUE).banPointsFailedLogin(0).banPointsConnection(0);
        }
        return b.build();
    }

    /** The per-source handshake limits of {@code rate-limit}, IPv6 sources grouped by its {@code ipv6-prefix}. */
    static HandshakeRateLimiter.Limits perSourceLimits(RateLimitSettings r) {
        return new HandshakeRateLimiter.Limits(r.handshakesPerSecond(), r.burst(), r.tableSize(),
                r.ipv6PrefixLength());
    }

    /**
     * An OID no certificate carries: with {@code group-oid: none} the group comes from the users: entries and the
     * default group only.
     */
    static final String NO_ATTRIBUTE = "1.3.6.1.4.1.99999.0.0";

    /** The dotted OID of a subject attribute the configuration names ({@code CN}, {@code OU}, or an OID). */
    static String oid(String nameOrOid) {
        return switch (nameOrOid.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "CN" -> "2.5.4.3";
            case "OU" -> "2.5.4.11";
            case "O" -> "2.5.4.10";
            case "UID" -> "0.9.2342.19200300.100.1.1";
            case "SERIALNUMBER" -> "2.5.4.5";
            case "EMAILADDRESS" -> "1.2.840.113549.1.9.1";
            default -> nameOrOid.strip();
        };
    }

    /** The most tunnels any group allows a user; 0 (no limit) when a group sets none. */
    static int sessionsPerUser(GatewayConfig c) {
        int most = 0;
        for (GroupSettings g : c.groups().values()) {
            if (g.maxSessionsPerUser() == 0) {
                return 0;
            }
            most = Math.max(most, g.maxSessionsPerUser());
        }
        return most;
    }
}
