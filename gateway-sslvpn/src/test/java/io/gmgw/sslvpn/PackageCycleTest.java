package io.gmgw.sslvpn;

import io.gmgw.sslvpn.tlcp.TlcpEngine;
import io.gmgw.testing.PackageCycles;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * gateway-sslvpn's packages form no cycle beyond the one it still has: the TLCP API package (engine, configuration,
 * session, suites, alerts) and its handshake and record packages, which use that vocabulary.
 */
class PackageCycleTest {
    private static final List<Set<String>> KNOWN = List.of(Set.of("io.gmgw.sslvpn.tlcp",
            "io.gmgw.sslvpn.tlcp.handshake", "io.gmgw.sslvpn.tlcp.record"));

    @Test
    void noCycleBeyondTheTlcpCore() {
        PackageCycles.assertNoCyclesBeyond(PackageCycles.classesOf(TlcpEngine.class), "io.gmgw", KNOWN);
    }
}
