package io.gmgw.ipsec.esp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.esp.EspDrop;
import io.gmgw.ipsec.esp.EspSaPair;
import io.gmgw.ipsec.esp.EspSaSettings;
import io.gmgw.ipsec.esp.EspSaTable;
import io.gmgw.ipsec.esp.EspTransform;
import io.gmgw.ipsec.ike.config.TrafficSelector;
import io.gmgw.ipsec.natt.NonEspMarker;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two data planes on loopback (ephemeral ports, no root) with in-memory devices: a packet handed to one comes out of
 * the other decrypted, through real UDP; the port-4500 demultiplexing (IKE behind the marker, keepalives, unknown
 * SPIs, junk); packets no SA covers never leave.
 */
class EspUdpDataPlaneTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final EspSaTable tableA = new EspSaTable();
    private final EspSaTable tableB = new EspSaTable();
    private final MemoryPacketDevice deviceA = new MemoryPacketDevice();
    private final MemoryPacketDevice deviceB = new MemoryPacketDevice();
    private final BlockingQueue<byte[]> ikeAtB = new ArrayBlockingQueue<>(16);
    private EspUdpDataPlane a;
    private EspUdpDataPlane b;

    @BeforeEach
    void start() throws Exception {
        a = EspUdpDataPlane.start(LOOPBACK, 0, 0, tableA, deviceA, (m, natT, from) -> { },
                PooledByteBufAllocator.DEFAULT);
        b = EspUdpDataPlane.start(LOOPBACK, 0, 0, tableB, deviceB, (m, natT, from) -> ikeAtB.add(m),
                PooledByteBufAllocator.DEFAULT);
        byte[] ab = new byte[20];
        byte[] ba = new byte[20];
        RANDOM.nextBytes(ab);
        RANDOM.nextBytes(ba);
        TrafficSelector netA = TrafficSelector.parse("10.1.0.0/16");
        TrafficSelector netB = TrafficSelector.parse("10.2.0.0/16");
        tableA.install(EspSaPair.create("a", EspTransform.aesGcm16(16), 0xb0b, ab, new byte[0], 0xa1a, ba,
                new byte[0], netA, netB, b.natTAddress(), EspSaSettings.DEFAULT, null, RANDOM, e -> { }));
        tableB.install(EspSaPair.create("b", EspTransform.aesGcm16(16), 0xa1a, ba, new byte[0], 0xb0b, ab,
                new byte[0], netB, netA, a.natTAddress(), EspSaSettings.DEFAULT, null, RANDOM, e -> { }));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        tableA.clear();
        tableB.clear();
    }

    private static byte[] ipv4(String src, String dst, int length) {
        byte[] p = new byte[length];
        RANDOM.nextBytes(p);
        p[0] = 0x45;
        p[2] = (byte) (length >> 8);
        p[3] = (byte) length;
        System.arraycopy(InetAddress.ofLiteral(src).getAddress(), 0, p, 12, 4);
        System.arraycopy(InetAddress.ofLiteral(dst).getAddress(), 0, p, 16, 4);
        return p;
    }

    @Test
    void packetsCrossBothWaysThroughEspInUdp() throws Exception {
        // from A's port 4500, in order: a NAT-keepalive, an IKE message behind the marker, then ESP
        a.sendKeepalive(b.natTAddress());
        byte[] isakmp = new byte[28];
        isakmp[17] = 0x10;
        a.sendIke(isakmp, true, b.natTAddress());
        byte[] there = ipv4("10.1.0.5", "10.2.0.9", 1400);
        assertTrue(deviceA.inject(there));
        assertArrayEquals(there, deviceB.written.poll(10, TimeUnit.SECONDS));
        assertEquals(1, b.counters().keepalives());
        assertArrayEquals(isakmp, ikeAtB.poll(10, TimeUnit.SECONDS));
        byte[] back = ipv4("10.2.0.9", "10.1.0.5", 84);
        assertTrue(deviceB.inject(back));
        assertArrayEquals(back, deviceA.written.poll(10, TimeUnit.SECONDS));
        EspSaPair atB = tableB.inbound(0xb0b);
        assertEquals(1, atB.inbound().counters().packets());
        assertEquals(1, tableA.inbound(0xa1a).inbound().counters().packets());
    }

    @Test
    void uncoveredPacketsNeverLeave() {
        assertFalse(deviceA.inject(ipv4("10.1.0.5", "10.3.0.9", 60)));
        assertFalse(deviceA.inject(ipv4("10.9.0.5", "10.2.0.9", 60)));
        byte[] v6 = new byte[60];
        v6[0] = 0x60;
        assertFalse(deviceA.inject(v6));
        assertEquals(3, a.counters().noSa());
        assertEquals(0, tableA.inbound(0xa1a).outbound().sequence());
    }

    @Test
    void port4500CarriesIkeKeepalivesAndEsp() throws Exception {
        InetSocketAddress target = b.natTAddress();
        try (DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            byte[] isakmp = new byte[28];
            isakmp[0] = 0x11;
            peer.send(ByteBuffer.wrap(NonEspMarker.prepend(isakmp)), target);
            assertArrayEquals(isakmp, ikeAtB.poll(10, TimeUnit.SECONDS), "IKE behind the marker, marker stripped");
            peer.send(ByteBuffer.wrap(new byte[] {(byte) 0xff}), target);
            peer.send(ByteBuffer.wrap(new byte[] {1, 2}), target);
            byte[] unknown = new byte[64];
            unknown[3] = 0x77;
            peer.send(ByteBuffer.wrap(unknown), target);
            byte[] forged = new byte[64]; // the SA's SPI 0x00000b0b, sequence 1, garbage after it
            forged[2] = 0x0b;
            forged[3] = 0x0b;
            forged[7] = 1;
            peer.send(ByteBuffer.wrap(forged), target);
            // the last datagram is a real packet: once it is through, the ones before it were handled
            byte[] real = ipv4("10.1.0.5", "10.2.0.9", 100);
            assertTrue(deviceA.inject(real));
            assertNotNull(deviceB.written.poll(10, TimeUnit.SECONDS));
        }
        assertEquals(1, b.counters().keepalives());
        assertEquals(1, b.counters().invalidDatagrams());
        assertEquals(1, b.counters().unknownSpi());
        assertEquals(1, b.counters().ikeDatagrams());
        assertEquals(1, tableB.inbound(0xb0b).inbound().counters().drops(EspDrop.AUTH_FAILED));
    }
}
