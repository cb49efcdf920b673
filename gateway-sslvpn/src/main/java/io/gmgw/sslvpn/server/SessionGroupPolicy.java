package io.gmgw.sslvpn.server;

import io.gmgw.gateway.config.GroupSettings;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.policy.PacketFilter;
import io.gmgw.sslvpn.gateway.GroupPolicy;
import io.gmgw.sslvpn.gateway.PacketVerdict;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One group's tunnel policy as the tunnel server asks for it: what the CONNECT reply tells the client, from the group's
 * configuration, and the packet check, gateway-core's {@link PacketFilter} over the group's verified ACL in force (a
 * reload swaps it in for the next packet). {@link #forSession} gives each tunnel a filter of its own, so that drop
 * samples in the audit log name the session and the user.
 */
final class SessionGroupPolicy implements GroupPolicy {
    private final GroupSettings settings;
    private final io.gmgw.gateway.policy.GroupPolicy core;
    private final PacketFilter filter;

    /** @param filter the session's filter, or null for the group's own (no session named in drop samples) */
    SessionGroupPolicy(GroupSettings settings, io.gmgw.gateway.policy.GroupPolicy core, PacketFilter filter) {
        this.settings = settings;
        this.core = core;
        this.filter = filter != null ? filter : core.filterFor("-", "-");
    }

    io.gmgw.gateway.policy.GroupPolicy core() {
        return core;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public List<IpPrefix> routes() {
        return settings.routes();
    }

    @Override
    public List<IpPrefix> excludeRoutes() {
        return settings.excludeRoutes();
    }

    @Override
    public List<InetAddress> dns() {
        return settings.dns();
    }

    @Override
    public List<String> defaultDomains() {
        return settings.defaultDomain().map(List::of).orElse(List.of());
    }

    @Override
    public List<String> splitDns() {
        return settings.splitDns();
    }

    @Override
    public io.gmgw.gateway.policy.LoginPolicy login() {
        return settings.login();
    }

    /** As ocserv: all DNS through the tunnel with a full tunnel, split DNS otherwise. */
    @Override
    public boolean tunnelAllDns() {
        return settings.fullTunnel();
    }

    @Override
    public OptionalInt maxSessionsPerUser() {
        return OptionalInt.of(settings.maxSessionsPerUser());
    }

    @Override
    public Optional<String> banner() {
        return settings.banner();
    }

    @Override
    public PacketVerdict check(ByteBuf packet, Direction direction) {
        io.gmgw.gateway.policy.Direction d = direction == Direction.FROM_CLIENT
                ? io.gmgw.gateway.policy.Direction.FROM_CLIENT : io.gmgw.gateway.policy.Direction.TO_CLIENT;
        return filter.permit(packet, d) ? PacketVerdict.allow("acl") : PacketVerdict.deny("acl");
    }

    @Override
    public GroupPolicy forSession(String sessionId, String user) {
        return new SessionGroupPolicy(settings, core, core.filterFor(sessionId, user));
    }
}
