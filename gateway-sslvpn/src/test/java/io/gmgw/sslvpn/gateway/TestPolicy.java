package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.ip.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * A group policy for the tests: fixed routes and DNS, and an ACL that denies packets to or from the addresses in
 * {@code denied} (rule "deny-host") and allows the rest (rule "permit-any").
 */
record TestPolicy(String name, List<IpPrefix> routes, List<InetAddress> dns, List<String> defaultDomains,
        List<String> splitDns, boolean tunnelAllDns, Set<InetAddress> denied) implements GroupPolicy {
    static TestPolicy staff() {
        return new TestPolicy("staff", List.of(new IpPrefix(TestPool.addr("10.20.0.0"), 16),
                new IpPrefix(TestPool.addr("fd00:20::"), 48)),
                List.of(TestPool.addr("192.168.99.1"), TestPool.addr("fd00:99::1")), List.of("corp.example"),
                List.of("corp.example"), false, Set.of(TestPool.addr("10.20.0.66")));
    }

    @Override
    public PacketVerdict check(ByteBuf packet, Direction direction) {
        if (packet.readableBytes() >= 20 && (packet.getUnsignedByte(packet.readerIndex()) >> 4) == 4) {
            int offset = direction == Direction.FROM_CLIENT ? 16 : 12;
            byte[] a = new byte[4];
            packet.getBytes(packet.readerIndex() + offset, a);
            for (InetAddress d : denied) {
                if (java.util.Arrays.equals(d.getAddress(), a)) {
                    return PacketVerdict.deny("deny-host");
                }
            }
        }
        return PacketVerdict.allow("permit-any");
    }
}
