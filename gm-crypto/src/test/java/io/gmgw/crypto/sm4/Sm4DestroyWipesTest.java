package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HexFormat;
import org.bouncycastle.crypto.modes.gcm.Tables4kGCMMultiplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Looks inside destroyed mode objects (and the Bouncy Castle engine and GHASH table they hold) to check that no
 * key-dependent value is left: every byte and int array is zero (the round keys, zeroed in the arrays that held
 * them), and the GHASH table and its copy of H are zero. Reads private fields, so a Bouncy Castle upgrade that renames
 * the GHASH table's fields fails here first, which is the moment to re-check what destroy() wipes.
 */
class Sm4DestroyWipesTest {
    private final CryptoModule module = TestModules.deterministic("sm4-destroy");
    private final byte[] key = HexFormat.of().parseHex("0123456789abcdeffedcba9876543210");
    private final byte[] iv = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private final byte[] data = new byte[45];

    @Test
    void ecb() throws Throwable {
        Sm4Ecb ecb = module.sm4().ecb(key);
        checkWipedAfter(ecb, () -> ecb.encrypt(data, 0, 32, new byte[32], 0), ecb::destroy);
    }

    @Test
    void cbc() throws Throwable {
        Sm4Cbc cbc = module.sm4().cbc(key);
        byte[] sealed = new byte[48];
        checkWipedAfter(cbc, () -> {
            cbc.encryptPkcs7(iv, 0, data, 0, data.length, sealed, 0);
            cbc.decryptPkcs7(iv, 0, sealed, 0, 48, new byte[47], 0);
        }, cbc::destroy);
    }

    @Test
    void cbcOneDirection() throws Throwable {
        Sm4Cbc encryptor = module.sm4().cbcEncryptor(key);
        byte[] sealed = new byte[48];
        checkWipedAfter(encryptor, () -> encryptor.encryptPkcs7(iv, 0, data, 0, data.length, sealed, 0),
                encryptor::destroy);
        Sm4Cbc decryptor = module.sm4().cbcDecryptor(key);
        checkWipedAfter(decryptor, () -> decryptor.decryptPkcs7(iv, 0, sealed, 0, 48, new byte[47], 0),
                decryptor::destroy);
    }

    @Test
    void ctr() throws Throwable {
        Sm4Ctr ctr = module.sm4().ctr(key);
        checkWipedAfter(ctr, () -> ctr.encrypt(iv, 0, data, 0, data.length, new byte[45], 0), ctr::destroy);
    }

    @Test
    void gcm() throws Throwable {
        Sm4Gcm gcm = module.sm4().gcm(key);
        byte[] nonce = new byte[16]; // the GHASH path for J0 as well
        checkWipedAfter(gcm, () -> gcm.seal(nonce, iv, data, 0, data.length, new byte[61], 0), gcm::destroy);
    }

    private void checkWipedAfter(Object mode, Executable use, Runnable destroy) throws Throwable {
        use.execute();
        Sm4RoundKeys keys = (Sm4RoundKeys) field(mode, "keys");
        java.util.List<int[]> before = keys.roundKeyArrays(); // the arrays holding the round keys now
        assertTrue(!before.isEmpty() && before.stream().allMatch(rk -> java.util.Arrays.stream(rk).anyMatch(w -> w != 0)),
                "the check cannot fail: the round keys are there before destroy");
        destroy.run();
        for (int[] rk : before) {
            assertArrayEquals(new int[rk.length], rk, "the round keys zeroed where they were, not left for the GC");
        }
        assertWiped(mode, mode.getClass().getSimpleName());
    }

    private static void assertWiped(Object object, String path) throws ReflectiveOperationException {
        for (Class<?> c = object.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object value = f.get(object);
                String where = path + "." + f.getName();
                if (value instanceof byte[] bytes) {
                    assertArrayEquals(new byte[bytes.length], bytes, where);
                } else if (value instanceof int[] words) {
                    assertArrayEquals(new int[words.length], words, where);
                } else if (value instanceof Tables4kGCMMultiplier multiplier) {
                    for (long[] row : (long[][]) field(multiplier, "T")) {
                        assertEquals(0, row[0] | row[1], where + ".T");
                    }
                    assertArrayEquals(new byte[16], (byte[]) field(multiplier, "H"), where + ".H");
                } else if (value != null && value.getClass().getPackageName().equals(Sm4.class.getPackageName())
                        && !(value instanceof Sm4)) {
                    assertWiped(value, where);
                }
            }
        }
    }

    private static Object field(Object object, String name) throws ReflectiveOperationException {
        Field f = object.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(object);
    }
}
