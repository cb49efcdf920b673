package io.gmgw.crypto.sm3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.TestModules;
import java.lang.reflect.Field;
import java.util.Random;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** gm-crypto's HMAC-SM3 construction: the same tags as Bouncy Castle's HMac, and a keyed state that really goes. */
class HmacSm3Test {
    private final Sm3 sm3 = TestModules.deterministic("hmac-construction").sm3();

    @Test
    void tagsAreBouncyCastlesForEveryKeyLengthAndMessageSplit() {
        Random random = new Random(20261122);
        for (int keyLength : new int[] {0, 1, 16, 32, 48, 63, 64, 65, 100, 128, 200}) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            HMac reference = new HMac(new SM3Digest());
            reference.init(new KeyParameter(key));
            HmacSm3 mac = sm3.hmac(key);
            for (int round = 0; round < 6; round++) { // the same object, message after message
                byte[] message = new byte[random.nextInt(300)];
                random.nextBytes(message);
                reference.update(message, 0, message.length);
                byte[] expected = new byte[HmacSm3.MAC_LENGTH];
                reference.doFinal(expected, 0);
                int cut = message.length == 0 ? 0 : random.nextInt(message.length);
                mac.update(message, 0, cut).update(message, cut, message.length - cut);
                byte[] tag = new byte[HmacSm3.MAC_LENGTH + 5];
                mac.doFinal(tag, 5);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(tag, 5, tag.length),
                        "key " + keyLength + " bytes, message " + message.length + " bytes, round " + round);
            }
            mac.update(new byte[] {1, 2, 3});
            mac.reset(); // a message dropped half-way leaves no trace in the next tag
            assertArrayEquals(sm3.hmac(key, new byte[] {4}), mac.update(new byte[] {4}).doFinal());
        }
    }

    @Test
    void destroyOverwritesEveryKeyedStateInPlace() throws ReflectiveOperationException {
        HmacSm3 mac = sm3.hmac("a 32-byte record MAC key........".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        mac.update(new byte[100]).doFinal();
        mac.update(new byte[10]); // a message under way
        var digests = mac.digests();
        Object[] arrays = new Object[digests.size() * 3];
        for (int i = 0; i < digests.size(); i++) { // the very arrays that hold the state now
            arrays[3 * i] = field(digests.get(i), "V");
            arrays[3 * i + 1] = field(digests.get(i), "W");
            arrays[3 * i + 2] = field(digests.get(i), "inwords");
        }
        mac.destroy();

        SM3Digest wiped = new SM3Digest(); // what a digest holds after compressing a zero block from reset
        wiped.update(new byte[Sm3.BLOCK_LENGTH], 0, Sm3.BLOCK_LENGTH);
        int[] zeroBlockSchedule = (int[]) field(wiped, "W");
        int[] iv = (int[]) field(new SM3Digest(), "V");
        for (int i = 0; i < digests.size(); i++) {
            assertTrue(arrays[3 * i] == field(digests.get(i), "V"), "overwritten in place, not replaced");
            assertArrayEquals(iv, (int[]) arrays[3 * i], "chaining value back to the IV");
            assertArrayEquals(zeroBlockSchedule, (int[]) arrays[3 * i + 1], "message schedule of a zero block");
            assertArrayEquals(new int[16], (int[]) arrays[3 * i + 2], "message words zero");
        }
        assertTrue(mac.isDestroyed());
        assertThrows(IllegalStateException.class, () -> mac.update(new byte[1]));
        assertThrows(IllegalStateException.class, mac::doFinal);
    }

    private static Object field(SM3Digest d, String name) throws ReflectiveOperationException {
        Field f = SM3Digest.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(d);
    }
}
