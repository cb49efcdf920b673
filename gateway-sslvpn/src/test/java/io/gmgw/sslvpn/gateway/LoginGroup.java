package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.policy.LoginPolicy;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.List;

/** {@link TestPolicy#staff()}'s tunnel settings under another group name, with a login policy. */
record LoginGroup(String name, LoginPolicy login) implements GroupPolicy {
    private static final TestPolicy BASE = TestPolicy.staff();

    @Override
    public List<IpPrefix> routes() {
        return BASE.routes();
    }

    @Override
    public List<InetAddress> dns() {
        return BASE.dns();
    }

    @Override
    public List<String> defaultDomains() {
        return BASE.defaultDomains();
    }

    @Override
    public List<String> splitDns() {
        return BASE.splitDns();
    }

    @Override
    public boolean tunnelAllDns() {
        return BASE.tunnelAllDns();
    }

    @Override
    public PacketVerdict check(ByteBuf packet, Direction direction) {
        return BASE.check(packet, direction);
    }
}
