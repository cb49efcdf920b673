package io.gmgw.ipsec.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.ike.config.TrafficSelector;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Installing, looking up, replacing and removing SA pairs; the bound; keys wiped on the way out. */
class EspSaTableTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static EspSaPair pair(String name, int inSpi, String local, String remote) {
        return EspSaPair.create(name, EspTransform.aesGcm16(16), inSpi + 1, new byte[20], new byte[0], inSpi,
                new byte[20], new byte[0], TrafficSelector.parse(local), TrafficSelector.parse(remote),
                EspVectors.PEER, EspSaSettings.DEFAULT, null, RANDOM, e -> { });
    }

    private static int ip(String dotted) {
        String[] d = dotted.split("\\.");
        return Integer.parseInt(d[0]) << 24 | Integer.parseInt(d[1]) << 16 | Integer.parseInt(d[2]) << 8
                | Integer.parseInt(d[3]);
    }

    @Test
    void lookupsByInboundSpiAndByOutboundSelector() {
        EspSaTable t = new EspSaTable();
        EspSaPair wide = pair("wide", 100, "10.1.0.0/16", "10.2.0.0/16");
        EspSaPair narrow = pair("narrow", 200, "10.1.0.0/16", "10.2.3.0/24");
        t.install(wide);
        t.install(narrow);
        assertSame(wide, t.inbound(100));
        assertSame(narrow, t.inbound(200));
        assertNull(t.inbound(101), "outbound SPIs are not looked up inbound");
        assertSame(narrow, t.outbound(ip("10.1.0.1"), ip("10.2.3.4")), "longest remote prefix");
        assertSame(wide, t.outbound(ip("10.1.0.1"), ip("10.2.4.4")));
        assertNull(t.outbound(ip("10.7.0.1"), ip("10.2.4.4")), "source outside every local selector");
        assertNull(t.outbound(ip("10.1.0.1"), ip("10.3.0.1")));
    }

    @Test
    void aRekeyedPairTakesOverOutboundWhileTheOldOneStillReceives() {
        EspSaTable t = new EspSaTable();
        EspSaPair old = pair("net", 100, "10.1.0.0/16", "10.2.0.0/16");
        EspSaPair fresh = pair("net", 300, "10.1.0.0/16", "10.2.0.0/16");
        t.install(old);
        t.install(fresh);
        assertSame(fresh, t.outbound(ip("10.1.0.1"), ip("10.2.0.1")), "the newest of equals");
        assertSame(old, t.inbound(100));
        assertTrue(t.remove(old));
        assertTrue(old.inbound().isDestroyed() && old.outbound().isDestroyed(), "keys wiped");
        assertNull(t.inbound(100));
        assertFalse(t.remove(old));
        assertEquals(List.of(fresh), t.pairs());
    }

    @Test
    void replaceIsOneStep() {
        EspSaTable t = new EspSaTable();
        EspSaPair old = pair("net", 100, "10.1.0.0/16", "10.2.0.0/16");
        EspSaPair fresh = pair("net", 300, "10.1.0.0/16", "10.2.0.0/16");
        t.install(old);
        t.replace(old, fresh);
        assertEquals(List.of(fresh), t.pairs());
        assertNull(t.inbound(100));
        assertSame(fresh, t.inbound(300));
        assertTrue(old.inbound().isDestroyed());
        assertThrows(IllegalStateException.class, () -> t.replace(old, pair("x", 400, "10.1.0.0/16",
                "10.2.0.0/16")));
    }

    @Test
    void aTakenSpiOrAFullTableChangesNothing() {
        EspSaTable t = new EspSaTable(2);
        t.install(pair("a", 100, "10.1.0.0/16", "10.2.0.0/16"));
        EspSaPair clash = pair("b", 100, "10.1.0.0/16", "10.3.0.0/16");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.install(clash));
        assertTrue(e.getMessage().contains("00000064") && e.getMessage().contains("a"), e.getMessage());
        t.install(pair("c", 200, "10.1.0.0/16", "10.3.0.0/16"));
        assertThrows(IllegalStateException.class, () -> t.install(pair("d", 300, "10.1.0.0/16", "10.4.0.0/16")));
        assertEquals(2, t.size());
        t.clear();
        assertEquals(0, t.size());
    }
}
