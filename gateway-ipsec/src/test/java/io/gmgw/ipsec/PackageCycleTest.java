package io.gmgw.ipsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.isakmp.codec.IsakmpDecoder;
import io.gmgw.testing.PackageCycles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No cycle among gateway-ipsec's packages: the ISAKMP vocabulary ({@code isakmp}) is a leaf, the payload records sit
 * on it, the messages on those, the codec on all three; the wire profiles know only the vocabulary; the key schedule
 * ({@code ike.keys}) on those; then the IKE configuration, crypto and SA records; the exchanges
 * ({@code ike.task}) on top. The ESP core ({@code esp}) reads the SA records and selectors and knows no I/O; its I/O
 * ({@code esp.io}) sits on it; IKE knows neither. The SA manager ({@code manager}) sits on the exchanges and the ESP core.
 */
class PackageCycleTest {
    private static final String MANAGER = "io.gmgw.ipsec.manager";

    @Test
    void theIpsecPackagesFormNoCycle() {
        Path classes = PackageCycles.classesOf(IsakmpDecoder.class);
        Map<String, Set<String>> uses = PackageCycles.dependencies(classes, "io.gmgw.ipsec");
        assertTrue(uses.keySet().containsAll(List.of("io.gmgw.ipsec.isakmp", "io.gmgw.ipsec.isakmp.payload",
                "io.gmgw.ipsec.isakmp.message", "io.gmgw.ipsec.isakmp.codec", "io.gmgw.ipsec.profile")),
                uses::toString);
        assertEquals(Set.of(), uses.get("io.gmgw.ipsec.isakmp"), "isakmp (the vocabulary) is a leaf");
        assertEquals(Set.of(), uses.getOrDefault("io.gmgw.ipsec.natt", Set.of()), "the port-4500 framing stands alone");
        assertTrue(uses.get("io.gmgw.ipsec.isakmp.codec").containsAll(List.of("io.gmgw.ipsec.isakmp.message",
                "io.gmgw.ipsec.isakmp.payload")), uses::toString);
        assertEquals(Set.of("io.gmgw.ipsec.isakmp"), uses.get("io.gmgw.ipsec.profile"), uses::toString);
        // the key schedule reads payloads and the profile's hash rule; nothing below it knows it
        assertTrue(uses.get("io.gmgw.ipsec.ike.keys").containsAll(List.of("io.gmgw.ipsec.isakmp.codec",
                "io.gmgw.ipsec.profile")), uses::toString);
        assertTrue(uses.entrySet().stream().filter(e -> !e.getKey().startsWith("io.gmgw.ipsec.ike")
                && !e.getKey().startsWith("io.gmgw.ipsec.esp") && !e.getKey().equals(MANAGER)).noneMatch(e -> e.getValue().stream()
                .anyMatch(p -> p.startsWith("io.gmgw.ipsec.ike"))),
                "the codec, the profiles and the framing know nothing of IKE: " + uses);
        // the ESP data plane sits beside the exchanges: it takes their SA records and selectors, and they know
        // nothing of it (the SA manager, above both, installs what quick mode made); the ESP core knows no I/O
        assertTrue(uses.get("io.gmgw.ipsec.esp").stream().noneMatch(p -> p.equals("io.gmgw.ipsec.ike.task")
                || p.startsWith("io.gmgw.ipsec.esp.")), uses::toString);
        assertTrue(uses.entrySet().stream().filter(e -> e.getKey().startsWith("io.gmgw.ipsec.ike")
                || e.getKey().startsWith("io.gmgw.ipsec.isakmp")).noneMatch(e -> e.getValue().stream()
                .anyMatch(p -> p.startsWith("io.gmgw.ipsec.esp"))), "IKE knows nothing of ESP: " + uses);
        // the exchanges sit on top of IKE: nothing but the SA manager uses the tasks, and the SA records know no task
        assertTrue(uses.entrySet().stream().filter(e -> !e.getKey().equals(MANAGER))
                .noneMatch(e -> e.getValue().contains("io.gmgw.ipsec.ike.task")), uses::toString);
        // the SA manager is the top: it drives the exchanges and the ESP core, and nothing here uses it
        assertTrue(uses.get(MANAGER).containsAll(List.of("io.gmgw.ipsec.ike.task", "io.gmgw.ipsec.esp")),
                uses::toString);
        assertTrue(uses.values().stream().noneMatch(v -> v.contains(MANAGER)), uses::toString);
        assertTrue(uses.get("io.gmgw.ipsec.ike.sa").containsAll(List.of("io.gmgw.ipsec.ike.keys",
                "io.gmgw.ipsec.ike.crypto")), uses::toString);
        PackageCycles.assertNoCyclesBeyond(classes, "io.gmgw", List.of());
    }
}
