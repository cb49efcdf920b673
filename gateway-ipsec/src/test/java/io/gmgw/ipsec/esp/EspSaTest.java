package io.gmgw.ipsec.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.ike.config.TrafficSelector;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both directions of an SA against each other for every transform: round trips of every inner length up to a few
 * blocks, then each refusal of the inbound path counted under its reason (tampered ICV, ciphertext, header; bad
 * padding and next header under a valid ICV; selectors; replays), sequence-number exhaustion and the soft limit, and
 * destroyed SAs.
 */
class EspSaTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<EspEvent> events = new ArrayList<>();
    /** The encryption key material of the last {@link #pair}, for a test that forges with it. */
    private byte[] lastKey;

    static Stream<EspTransform> transforms() {
        return Stream.of(EspTransform.aesCbcHmacSha256(16), EspTransform.aesCbcHmacSha256(32),
                EspTransform.aesGcm16(16), EspTransform.aesGcm16(32),
                new EspTransform(EspAlgorithm.SM4_CBC_HMAC_SM3, 16, 32, 12),
                new EspTransform(EspAlgorithm.SM4_CBC_HMAC_SM3, 16, 32, 16),
                new EspTransform(EspAlgorithm.SM4_CBC_HMAC_SM3, 16, 32, 32), EspTransform.sm4Gcm16());
    }

    /** The sender (10.2/16 side) and the receiver (10.1/16 side) sharing one direction's keys. */
    private EspSaPair[] pair(EspTransform t, EspSaSettings settings) {
        byte[] key = new byte[t.encryptionKeyMaterialLength()];
        byte[] mac = new byte[t.integrityKeyLength()];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(mac);
        lastKey = key.clone();
        EspSaPair sender = EspSaPair.create("s", t, 0x1001, key, mac, 0x2002, key, mac, EspVectors.SENDER,
                EspVectors.RECEIVER, EspVectors.PEER, settings, EspVectors.MODULE, RANDOM, events::add);
        EspSaPair receiver = EspSaPair.create("r", t, 0x2002, key, mac, 0x1001, key, mac, EspVectors.RECEIVER,
                EspVectors.SENDER, EspVectors.PEER, settings, EspVectors.MODULE, RANDOM, events::add);
        return new EspSaPair[] {sender, receiver};
    }

    /** An IPv4 packet of {@code length} bytes from 10.2.0.5 to {@code destination}. */
    static byte[] ipv4(int length, String destination) {
        byte[] p = new byte[length];
        RANDOM.nextBytes(p);
        p[0] = 0x45;
        p[2] = (byte) (length >> 8);
        p[3] = (byte) length;
        System.arraycopy(new byte[] {10, 2, 0, 5}, 0, p, 12, 4);
        String[] d = destination.split("\\.");
        for (int i = 0; i < 4; i++) {
            p[16 + i] = (byte) Integer.parseInt(d[i]);
        }
        return p;
    }

    private static byte[] seal(EspSaPair sender, byte[] inner, int nextHeader) {
        byte[] out = new byte[sender.outbound().encapsulatedLength(inner.length)];
        int n = sender.outbound().encapsulate(inner, 0, inner.length, nextHeader, out, 0);
        assertEquals(out.length, n);
        return out;
    }

    private static int open(EspSaPair receiver, byte[] esp) {
        return receiver.inbound().decapsulate(esp, 0, esp.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transforms")
    void roundTripsOfEveryLength(EspTransform t) {
        EspSaPair[] p = pair(t, EspSaSettings.DEFAULT);
        long bytes = 0;
        for (int len = 20; len <= 20 + 3 * 16 + 1; len++) {
            byte[] inner = ipv4(len, "10.1.0.7");
            byte[] esp = seal(p[0], inner, 4);
            assertEquals(0, (esp.length - t.headerLength() - t.icvLength()) % t.algorithm().alignment());
            int n = open(p[1], esp);
            assertEquals(len, n, () -> n < 0 ? EspDrop.ofCode(n).toString() : "length");
            int at = p[1].inbound().innerOffset(0);
            assertArrayEquals(inner, Arrays.copyOfRange(esp, at, at + n));
            bytes += len;
        }
        assertEquals(50, p[1].inbound().counters().packets());
        assertEquals(bytes, p[1].inbound().counters().bytes());
        assertEquals(bytes, p[0].outbound().counters().bytes());
        assertEquals(50, p[0].outbound().sequence());
        assertEquals(50, p[1].inbound().highestSequence());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transforms")
    void everyFlippedBitIsAnAuthenticationFailureAndMovesNothing(EspTransform t) {
        EspSaPair[] p = pair(t, EspSaSettings.DEFAULT);
        byte[] esp = seal(p[0], ipv4(84, "10.1.0.7"), 4);
        int failures = 0;
        // every byte after the SPI: sequence number, IV, ciphertext, ICV
        for (int i = 4; i < esp.length; i++) {
            byte[] bad = esp.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            assertEquals(EspDrop.AUTH_FAILED.code(), open(p[1], bad), "byte " + i);
            failures++;
        }
        assertEquals(failures, p[1].inbound().counters().drops(EspDrop.AUTH_FAILED));
        assertEquals(0, p[1].inbound().highestSequence(), "a forgery must not move the window");
        assertEquals(84, open(p[1], esp), "the genuine packet still arrives");
        byte[] truncated = Arrays.copyOf(esp, esp.length - 1);
        assertTrue(open(p[1], truncated) < 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transforms")
    void replaysAreCountedAndDropped(EspTransform t) {
        EspSaPair[] p = pair(t, EspSaSettings.DEFAULT);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            sent.add(seal(p[0], ipv4(40, "10.1.0.7"), 4));
        }
        assertEquals(40, open(p[1], sent.get(1099).clone()));  // seq 1100 first
        assertEquals(40, open(p[1], sent.get(76).clone()));    // seq 77: the oldest inside the window
        assertEquals(EspDrop.REPLAYED.code(), open(p[1], sent.get(75).clone()), "seq 76 is too old");
        assertEquals(EspDrop.REPLAYED.code(), open(p[1], sent.get(76).clone()), "seq 77 again");
        assertEquals(EspDrop.REPLAYED.code(), open(p[1], sent.get(1099).clone()), "seq 1100 again");
        assertEquals(40, open(p[1], sent.get(500).clone()));
        assertEquals(3, p[1].inbound().counters().drops(EspDrop.REPLAYED));
        assertEquals(3, p[1].inbound().counters().snapshot().replayDrops());
        EspSaStatus status = p[1].status();
        assertEquals(new EspCounters.Snapshot(3, 120, 3, 0, 0), status.inbound());
        assertEquals(1100, status.highestInboundSequence());
        assertEquals(1100, p[0].status().outboundSequence());
        assertEquals(new EspCounters.Snapshot(1100, 44_000, 0, 0, 0), p[0].status().outbound());
        assertEquals(t.describe(), status.transform());
        assertEquals(0x1001, status.inboundSpi());
    }

    @Test
    void paddingAndNextHeaderAreCheckedUnderAValidIcv() {
        // a sender that writes what our outbound never would, with the right keys: only the checks after the ICV can
        // refuse these
        EspTransform t = EspTransform.sm4Gcm16();
        EspSaPair[] p = pair(t, EspSaSettings.DEFAULT);
        byte[] inner = ipv4(30, "10.1.0.7"); // 30 + 2 = 32: no padding, so pad length 0
        assertEquals(EspDrop.BAD_NEXT_HEADER.code(), open(p[1], seal(p[0], inner, 17)));
        assertEquals(EspDrop.DUMMY.code(), open(p[1], seal(p[0], inner, 59)));
        assertEquals(EspDrop.BAD_INNER_PACKET.code(), open(p[1], seal(p[0], inner, 41)), "IPv4 bytes as IPv6");
        byte[] shortInner = ipv4(40, "10.1.0.7");
        shortInner[3] = 60; // claims 60 bytes, 40 arrive
        assertEquals(EspDrop.BAD_INNER_PACKET.code(), open(p[1], seal(p[0], shortInner, 4)));
        byte[] tfc = ipv4(40, "10.1.0.7");
        tfc[3] = 36; // 4 bytes of TFC padding after the packet (RFC 4303 §2.7): delivered without them
        assertEquals(36, open(p[1], seal(p[0], tfc, 4)));
        // wrong padding bytes: encrypt a plaintext whose trailer says 2 bytes of padding that are not 1, 2
        byte[] forged = new byte[t.headerLength() + 32 + t.icvLength()];
        byte[] plain = new byte[32];
        System.arraycopy(ipv4(28, "10.1.0.7"), 0, plain, 0, 28);
        plain[28] = 1;
        plain[29] = 7;
        plain[30] = 2;
        plain[31] = 4;
        EspCipher raw = EspCipher.create(t, true, lastKey, new byte[0], EspVectors.MODULE, RANDOM);
        EspCipher.writeInt(forged, 0, 0x1001);
        EspCipher.writeInt(forged, 4, 1000);
        System.arraycopy(plain, 0, forged, t.headerLength(), 32);
        raw.seal(forged, 0, 32, 1000);
        assertEquals(EspDrop.BAD_PADDING.code(), open(p[1], forged));
        plain[30] = (byte) 31; // a pad length longer than the payload
        byte[] forged2 = forged.clone();
        EspCipher.writeInt(forged2, 4, 1001);
        System.arraycopy(plain, 0, forged2, t.headerLength(), 32);
        raw.seal(forged2, 0, 32, 1001);
        assertEquals(EspDrop.BAD_PADDING.code(), open(p[1], forged2));
        assertEquals(2, p[1].inbound().counters().drops(EspDrop.BAD_PADDING));
    }

    @Test
    void selectorsAreEnforcedOnTheInnerPacket() {
        EspSaPair[] p = pair(EspTransform.aesGcm16(16), EspSaSettings.DEFAULT);
        assertEquals(EspDrop.SELECTOR_MISMATCH.code(), open(p[1], seal(p[0], ipv4(60, "10.9.0.7"), 4)),
                "destination outside our selector");
        byte[] spoofed = ipv4(60, "10.1.0.7");
        spoofed[12] = (byte) 172; // source outside the peer's selector
        assertEquals(EspDrop.SELECTOR_MISMATCH.code(), open(p[1], seal(p[0], spoofed, 4)));
        byte[] v6 = new byte[60];
        v6[0] = 0x60;
        v6[5] = 20;
        assertEquals(EspDrop.SELECTOR_MISMATCH.code(), open(p[1], seal(p[0], v6, 41)), "IPv4 selectors only");
        assertEquals(3, p[1].inbound().counters().drops(EspDrop.SELECTOR_MISMATCH));
        assertEquals(0, p[1].inbound().counters().packets());
    }

    @Test
    void malformedLengthsAreRefusedBeforeAnyCryptography() {
        EspSaPair[] p = pair(EspTransform.aesCbcHmacSha256(16), EspSaSettings.DEFAULT);
        byte[] esp = seal(p[0], ipv4(40, "10.1.0.7"), 4);
        assertEquals(EspDrop.MALFORMED.code(), p[1].inbound().decapsulate(esp, 0, esp.length - 5));
        assertEquals(EspDrop.MALFORMED.code(), p[1].inbound().decapsulate(esp, 0, 8 + 16 + 16));
        assertEquals(EspDrop.MALFORMED.code(), p[1].inbound().decapsulate(new byte[4], 0, 4));
        byte[] otherSpi = esp.clone();
        otherSpi[0] ^= 1;
        assertEquals(EspDrop.UNKNOWN_SPI.code(), open(p[1], otherSpi));
    }

    @Test
    void sequenceExhaustionForcesARekey() {
        EspSaPair[] p = pair(EspTransform.aesCbcHmacSha256(16), new EspSaSettings(1024, 0xFFFF_FFF0L));
        p[0].outbound().skipTo(0xFFFF_FFEEL);
        byte[] inner = ipv4(40, "10.1.0.7");
        seal(p[0], inner, 4); // 0xffffffef
        assertEquals(List.of(), events);
        seal(p[0], inner, 4); // 0xfffffff0: the soft limit
        assertEquals(List.of(new EspEvent.SoftLimitReached("s", 0x1001, 0xFFFF_FFF0L)), events);
        p[0].outbound().skipTo(0xFFFF_FFFEL);
        byte[] last = seal(p[0], inner, 4);
        assertEquals(new EspEvent.SequenceExhausted("s", 0x1001), events.getLast());
        assertEquals("ffffffff", HexFormat.of().formatHex(last, 4, 8));
        byte[] out = new byte[200];
        assertEquals(EspDrop.SEQUENCE_EXHAUSTED.code(), p[0].outbound().encapsulate(inner, 0, 40, 4, out, 0));
        assertEquals(EspDrop.SEQUENCE_EXHAUSTED.code(), p[0].outbound().encapsulate(inner, 0, 40, 4, out, 0));
        assertEquals(2, p[0].outbound().counters().drops(EspDrop.SEQUENCE_EXHAUSTED));
        assertEquals(2, events.size(), "each event once");
        assertEquals(40, open(p[1], last), "the receiver takes the last number");
    }

    @Test
    void destroyedSasWipeAndDrop() {
        EspSaPair[] p = pair(EspTransform.sm4Gcm16(), EspSaSettings.DEFAULT);
        byte[] esp = seal(p[0], ipv4(40, "10.1.0.7"), 4);
        p[0].destroy();
        p[1].destroy();
        assertTrue(p[0].outbound().isDestroyed() && p[1].inbound().isDestroyed());
        assertEquals(EspDrop.SA_GONE.code(), open(p[1], esp));
        byte[] out = new byte[200];
        assertEquals(EspDrop.SA_GONE.code(), p[0].outbound().encapsulate(new byte[40], 0, 40, 4, out, 0));
    }

    @Test
    void transformsRefuseWhatIsNotDefined() {
        assertThrows(IllegalArgumentException.class, () -> new EspTransform(EspAlgorithm.SM4_CBC_HMAC_SM3, 16, 32,
                20));
        assertThrows(IllegalArgumentException.class, () -> new EspTransform(EspAlgorithm.SM4_GCM_16, 32, 0, 16));
        assertThrows(IllegalArgumentException.class, () -> new EspTransform(EspAlgorithm.AES_GCM_16, 16, 32, 16));
        assertThrows(IllegalArgumentException.class, () -> EspSaPair.create("x", EspTransform.aesGcm16(16), 1,
                new byte[16], new byte[0], 2, new byte[20], new byte[0], EspVectors.RECEIVER, EspVectors.SENDER,
                EspVectors.PEER, EspSaSettings.DEFAULT, null, RANDOM, e -> { }), "GCM needs key and salt");
        assertEquals("sm4-cbc/hmac-sm3-96", new EspTransform(EspAlgorithm.SM4_CBC_HMAC_SM3, 16, 32, 12).describe());
        assertEquals(16, EspTransform.sm4CbcHmacSm3(io.gmgw.ipsec.profile.WireProfiles.builtIn().require("gm-2023")
                .requireGm()).icvLength());
    }

    @Test
    void gmTransformIdsComeFromTheProfile() {
        var gm2014 = io.gmgw.ipsec.profile.WireProfiles.builtIn().require("gm-2014").requireGm();
        var gm2023 = io.gmgw.ipsec.profile.WireProfiles.builtIn().require("gm-2023").requireGm();
        int sm3 = io.gmgw.ipsec.isakmp.IpsecAttributes.AUTH_HMAC_SM3;
        assertEquals(EspAlgorithm.SM4_CBC_HMAC_SM3, EspTransform.forGm(129, sm3, gm2014).orElseThrow().algorithm());
        assertTrue(EspTransform.forGm(127, sm3, gm2014).isEmpty(), "127 is the 2023 number");
        assertTrue(EspTransform.forGm(130, 0, gm2014).isEmpty(), "no SM4-GCM in the 2014 edition");
        assertEquals(EspAlgorithm.SM4_CBC_HMAC_SM3, EspTransform.forGm(127, sm3, gm2023).orElseThrow().algorithm());
        assertEquals(EspTransform.sm4Gcm16(), EspTransform.forGm(130, 0, gm2023).orElseThrow());
        assertTrue(EspTransform.forGm(127, 5, gm2023).isEmpty(), "SM4-CBC goes with HMAC-SM3");
    }
}
