package io.gmgw.sslvpn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The MTUs the client asks for, given or measured (cstp.md §7). */
class ClientProfileTest {
    @Test
    void aMeasuredPathSetsBaseAndTunnelMtu() {
        ClientProfile p = ClientProfile.measuring("1.0", "laptop");
        assertEquals(1406, p.baseMtu(), "openconnect's fallback until measured");
        ClientProfile veth = p.onPath(OptionalInt.of(1500));
        assertEquals(1500, veth.baseMtu());
        assertEquals(1390, veth.mtu(), "1500 - 82 - 8 - 20, as openconnect asks");
        assertEquals(1280, p.onPath(OptionalInt.of(1000)).baseMtu(), "never below 1280 (§7)");
        assertEquals(65535, p.onPath(OptionalInt.of(65536)).baseMtu(), "loopback's 65536 fits the header's range");
        assertEquals(p, p.onPath(OptionalInt.empty()));
        ClientProfile given = p.withMtu(1450);
        assertEquals(1450, given.onPath(OptionalInt.of(1500)).mtu(), "a given tunnel MTU stays");
        assertEquals(1300, given.onPath(OptionalInt.of(1300)).mtu(), "... lowered to the base");
        ClientProfile fixed = ClientProfile.defaults("1.0", "laptop", 1400);
        assertEquals(fixed, fixed.onPath(OptionalInt.of(1500)), "a given base MTU is not measured");
    }
}
