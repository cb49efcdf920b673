package io.gmgw.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.route.PacketRouter;
import io.gmgw.testing.PackageCycles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No cycle among gateway-core's packages. The data plane is layered: {@code packet} (the seam) and {@code ip} at the
 * bottom, {@code pool}, {@code route} and {@code tun} above them, none of those three using another.
 */
class PackageCycleTest {
    @Test
    void theGatewayCorePackagesFormNoCycle() {
        Path classes = PackageCycles.classesOf(PacketRouter.class);
        Map<String, Set<String>> uses = PackageCycles.dependencies(classes, "io.gmgw.gateway");
        assertTrue(uses.keySet().containsAll(List.of("io.gmgw.gateway", "io.gmgw.gateway.ip", "io.gmgw.gateway.packet",
                "io.gmgw.gateway.pool", "io.gmgw.gateway.route", "io.gmgw.gateway.tun")), uses::toString);
        assertEquals(Set.of(), uses.get("io.gmgw.gateway.packet"), "packet is a leaf");
        assertEquals(Set.of(), uses.get("io.gmgw.gateway"), "the root holds only GatewayException");
        for (String layer : List.of("pool", "route", "tun")) {
            for (String other : List.of("pool", "route", "tun")) {
                if (!layer.equals(other)) {
                    assertTrue(!uses.get("io.gmgw.gateway." + layer).contains("io.gmgw.gateway." + other),
                            layer + " uses " + other + ": " + uses);
                }
            }
        }
        PackageCycles.assertNoCyclesBeyond(classes, "io.gmgw", List.of());
    }
}
