package io.gmgw.sslvpn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.testing.PackageCycles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No cycle among gateway-sslvpn's packages. The TLCP API package, tlcp.handshake and tlcp.record used each other
 * until the protocol's vocabulary (alerts, version, suites) became the leaf tlcp.protocol, the message codecs
 * tlcp.message, and the engine tlcp.engine, above the handshake and the record layer.
 */
class PackageCycleTest {
    @Test
    void theTlcpPackagesFormNoCycle() {
        Path classes = PackageCycles.classesOf(TlcpEngine.class);
        Map<String, Set<String>> uses = PackageCycles.dependencies(classes, "io.gmgw.sslvpn");
        // The listing was read: the packages, and an edge every version of the module has.
        assertTrue(uses.keySet().containsAll(List.of("io.gmgw.sslvpn.tlcp", "io.gmgw.sslvpn.tlcp.engine",
                "io.gmgw.sslvpn.tlcp.handshake", "io.gmgw.sslvpn.tlcp.message", "io.gmgw.sslvpn.tlcp.record",
                "io.gmgw.sslvpn.tlcp.protocol", "io.gmgw.sslvpn.tlcp.netty")), uses::toString);
        assertTrue(uses.get("io.gmgw.sslvpn.tlcp.engine").contains("io.gmgw.sslvpn.tlcp.handshake"), uses::toString);
        assertEquals(Set.of(), uses.get("io.gmgw.sslvpn.tlcp.protocol"), "tlcp.protocol is a leaf");
        // The secure channel's seam knows neither protocol: only the listener wires TLCP and TLS in.
        assertTrue(uses.get("io.gmgw.sslvpn.channel").stream().noneMatch(p -> p.startsWith("io.gmgw.sslvpn.tl")),
                uses::toString);
        assertTrue(uses.get("io.gmgw.sslvpn.listener").containsAll(List.of("io.gmgw.sslvpn.channel",
                "io.gmgw.sslvpn.tlcp.netty", "io.gmgw.sslvpn.tls")), uses::toString);
        PackageCycles.assertNoCyclesBeyond(classes, "io.gmgw", List.of());
    }
}
