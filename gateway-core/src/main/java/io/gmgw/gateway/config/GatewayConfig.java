package io.gmgw.gateway.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's whole configuration, validated: every reference resolves (groups to pools, users to groups), every
 * file named exists, and no combination contradicts another. {@code file} is the file it was read from, as given.
 * Groups and pools keep the file's order.
 */
public record GatewayConfig(Path file, ListenSettings listen, TlcpSettings tlcp, TlsSettings tls,
        ClientSettings clients, Map<String, GroupSettings> groups, Map<String, PoolSettings> pools,
        TunnelSettings tunnel, BanSettings bans, RateLimitSettings rateLimit, AclTrustSettings acl,
        ControlSettings control, DataPlaneSettings dataPlane, AuditSettings audit, OtpSettings otp) {
    public GatewayConfig {
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
    }
}
