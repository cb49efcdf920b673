package io.gmgw.sslvpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.route.PacketRouter;
import io.gmgw.sslvpn.gateway.PacketPath;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packet path over gateway-core's router: packets for a session's address reach its receiver, a reconnect's
 * registration takes the address over, and closing the replaced one later does not remove the new route.
 */
class RoutedPacketPathTest {
    private static ByteBuf udpTo(String destination) {
        byte[] p = new byte[28];
        p[0] = 0x45;
        p[3] = 28;
        p[9] = 17;
        System.arraycopy(java.net.InetAddress.ofLiteral(destination).getAddress(), 0, p, 16, 4);
        return Unpooled.wrappedBuffer(p);
    }

    @Test
    void aReconnectTakesTheAddressOverAndTheOldRegistrationClosesHarmlessly() {
        PacketRouter router = new PacketRouter();
        List<ByteBuf> outside = new ArrayList<>();
        RoutedPacketPath path = new RoutedPacketPath(router, p -> outside.add(p), 8);
        List<String> got = new ArrayList<>();
        List<IpPrefix> address = List.of(IpPrefix.parse("192.168.99.7/24", "lease"));
        PacketPath.Registration old = path.register("s1", address, p -> {
            got.add("s1");
            p.release();
        });
        assertTrue(router.accept(udpTo("192.168.99.7")));
        PacketPath.Registration now = path.register("s2", address, p -> {
            got.add("s2");
            p.release();
        });
        router.accept(udpTo("192.168.99.7"));
        old.close();
        router.accept(udpTo("192.168.99.7"));
        assertEquals(List.of("s1", "s2", "s2"), got);
        now.close();
        assertFalse(router.accept(udpTo("192.168.99.7")), "nobody owns the address any more");
        assertEquals(1, router.unroutable());

        assertTrue(path.deliver("s2", udpTo("10.20.0.1")));
        assertEquals(1, outside.size());
        outside.forEach(ByteBuf::release);
    }
}
