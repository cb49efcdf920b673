package io.gmgw.crypto.sm3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sm3Test {
    private static final HexFormat HEX = HexFormat.of();
    private final CryptoModule module = TestModules.deterministic("sm3");
    private final Sm3 sm3 = module.sm3();

    @Test
    void gbt32905Examples() {
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                HEX.formatHex(sm3.hash(ascii("abc"))));
        assertEquals("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
                HEX.formatHex(sm3.hash(ascii("abcd".repeat(16)))));
    }

    @Test
    void incrementalEqualsOneShotAndResetsAfterFinal() {
        byte[] data = ascii("abcd".repeat(16));
        Sm3Digest d = sm3.newDigest();
        for (byte b : data) {
            d.update(b);
        }
        Sm3Digest fork = d.copy();
        assertArrayEquals(sm3.hash(data), d.doFinal());
        assertArrayEquals(sm3.hash(data), fork.doFinal());
        // doFinal reset the state: the same digest now hashes "abc" from scratch
        assertArrayEquals(sm3.hash(ascii("abc")), d.update(ascii("abc")).doFinal());
    }

    @Test
    void kdfIsCounterModeSm3() {
        byte[] z = ascii("shared secret Z");
        byte[] k = sm3.kdf(z, 70);
        byte[] expected = new byte[70];
        for (int i = 0; i < 3; i++) {
            byte[] block = sm3.hash(z, new byte[] {0, 0, 0, (byte) (i + 1)});
            System.arraycopy(block, 0, expected, i * 32, Math.min(32, 70 - i * 32));
        }
        assertArrayEquals(expected, k);
        assertEquals(0, sm3.kdf(z, 0).length);
        assertArrayEquals(java.util.Arrays.copyOf(k, 16), sm3.kdf(z, 16));
    }

    @Test
    void prfFollowsRfc5246PHash() {
        byte[] secret = ascii("master");
        byte[] seed = ascii("seed");
        byte[] label = ascii("key expansion");
        byte[] labelSeed = new byte[label.length + seed.length];
        System.arraycopy(label, 0, labelSeed, 0, label.length);
        System.arraycopy(seed, 0, labelSeed, label.length, seed.length);
        byte[] a1 = sm3.hmac(secret, labelSeed);
        byte[] a2 = sm3.hmac(secret, a1);
        byte[] expected = new byte[48];
        System.arraycopy(sm3.hmac(secret, a1, labelSeed), 0, expected, 0, 32);
        System.arraycopy(sm3.hmac(secret, a2, labelSeed), 0, expected, 32, 16);
        assertArrayEquals(expected, sm3.prf(secret, "key expansion", seed, 48));
    }

    @Test
    void prfWithOneKeyedMacGivesWhatSeparateKeyingGivesForEveryDerivation() {
        byte[] secret = ascii("a 48-byte master secret, as TLCP derives it.....");
        byte[] seed = ascii("server random || client random");
        HmacSm3 mac = sm3.hmac(secret);
        for (int length : new int[] {12, 32, 40, 96, 128, 12}) {
            byte[] label = ascii(length == 12 ? "client finished" : "key expansion");
            byte[] shared = new byte[length + 3];
            sm3.prf(mac, label, seed, shared, 3, length);
            byte[] fresh = new byte[length];
            sm3.prf(secret, label, seed, fresh, 0, length);
            assertArrayEquals(fresh, java.util.Arrays.copyOfRange(shared, 3, shared.length), "length " + length);
        }
        mac.destroy();
    }

    @Test
    void hmacKeyLongerThanBlockIsHashedFirst() {
        byte[] longKey = new byte[100];
        byte[] msg = ascii("message");
        assertArrayEquals(sm3.hmac(sm3.hash(longKey), msg), sm3.hmac(longKey, msg));
        assertNotEquals(HEX.formatHex(sm3.hmac(new byte[] {1}, msg)), HEX.formatHex(sm3.hmac(new byte[] {2}, msg)));
        // keys shorter than the block are zero-padded: {0} and {0, 0} are the same HMAC key (RFC 2104 §2)
        assertArrayEquals(sm3.hmac(new byte[1], msg), sm3.hmac(new byte[2], msg));
    }

    @Test
    void destroyedHmacRefusesUse() {
        HmacSm3 mac = sm3.hmac(new byte[16]);
        mac.destroy();
        assertThrows(IllegalStateException.class, () -> mac.update(new byte[1]));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
