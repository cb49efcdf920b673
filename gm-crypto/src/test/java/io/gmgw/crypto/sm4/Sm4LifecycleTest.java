package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.CryptoModuleErrorException;
import io.gmgw.crypto.core.InvalidKeyMaterialException;
import io.gmgw.crypto.core.ModuleState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Key checks, destruction, and refusal of every SM4 operation by a module in the error state. */
class Sm4LifecycleTest {
    private final CryptoModule module = TestModules.deterministic("sm4-lifecycle");
    private final byte[] key = new byte[16];

    @Test
    void keysOtherThanSixteenBytesAreRefusedByEveryFactory() {
        for (Function<byte[], Object> factory : factories(module.sm4())) {
            for (int length : new int[] {0, 1, 15, 17, 24, 32}) {
                InvalidKeyMaterialException e = assertThrows(InvalidKeyMaterialException.class,
                        () -> factory.apply(new byte[length]));
                assertTrue(e.getMessage().contains("16 bytes") && e.getMessage().contains("got " + length),
                        e.getMessage());
            }
            assertThrows(NullPointerException.class, () -> factory.apply(null));
        }
    }

    @Test
    void theCallersKeyArrayIsNeitherKeptNorChanged() {
        byte[] callerKey = new byte[16];
        java.util.Arrays.fill(callerKey, (byte) 7);
        Sm4Gcm gcm = module.sm4().gcm(callerKey);
        byte[] first = new byte[16];
        gcm.seal(new byte[12], new byte[0], new byte[0], 0, 0, first, 0);
        assertEquals(7, callerKey[0]);
        java.util.Arrays.fill(callerKey, (byte) 0); // the caller wipes its copy; the object keeps working as keyed
        byte[] second = new byte[16];
        gcm.seal(new byte[12], new byte[0], new byte[0], 0, 0, second, 0);
        assertEquals(java.util.HexFormat.of().formatHex(first), java.util.HexFormat.of().formatHex(second));
    }

    @Test
    void destroyedObjectsRefuseEveryOperation() {
        Sm4 sm4 = module.sm4();
        Sm4Ecb ecb = sm4.ecb(key);
        Sm4Cbc cbc = sm4.cbc(key);
        Sm4Ctr ctr = sm4.ctr(key);
        Sm4Gcm gcm = sm4.gcm(key);
        for (javax.security.auth.Destroyable d : List.of(ecb, cbc, ctr, gcm)) {
            assertFalse(d.isDestroyed());
            assertDoesNotThrowTwice(d);
            assertTrue(d.isDestroyed());
        }
        everyOperation(ecb, cbc, ctr, gcm).forEach((name, operation) -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, operation, name);
            assertTrue(e.getMessage().contains("destroyed"), name + ": " + e.getMessage());
        });
    }

    @Test
    void aModuleThatFailedItsSelfTestsRefusesEverySm4Factory() {
        CryptoModule failed = TestModules.failedSelfTest("sm4-lifecycle");
        for (Function<byte[], Object> factory : factories(failed.sm4())) {
            assertThrows(CryptoModuleErrorException.class, () -> factory.apply(key));
        }
    }

    @Test
    void objectsMadeBeforeTheModuleEnteredTheErrorStateRefuseEveryOperation() {
        CryptoModule failing = TestModules.deterministic("sm4-lifecycle-error");
        Sm4 sm4 = failing.sm4();
        Map<String, Executable> operations = everyOperation(sm4.ecb(key), sm4.cbc(key), sm4.ctr(key), sm4.gcm(key));
        failing.enterError("conditional test failed");
        operations.forEach((name, operation) -> {
            CryptoModuleErrorException e = assertThrows(CryptoModuleErrorException.class, operation, name);
            assertEquals(ModuleState.ERROR, e.state(), name);
        });
    }

    private static List<Function<byte[], Object>> factories(Sm4 sm4) {
        return List.of(sm4::ecb, sm4::cbc, sm4::ctr, sm4::gcm);
    }

    /** Every public operation, each with arguments it would accept on a live key in an approved module. */
    static Map<String, Executable> everyOperation(Sm4Ecb ecb, Sm4Cbc cbc, Sm4Ctr ctr, Sm4Gcm gcm) {
        byte[] buffer = new byte[64];
        byte[] iv = new byte[16];
        byte[] nonce = new byte[12];
        byte[] aad = new byte[13];
        Map<String, Executable> operations = new LinkedHashMap<>();
        operations.put("ecb.encrypt", () -> ecb.encrypt(buffer, 0, 32, buffer, 0));
        operations.put("ecb.decrypt", () -> ecb.decrypt(buffer, 0, 32, buffer, 0));
        operations.put("cbc.encrypt", () -> cbc.encrypt(iv, 0, buffer, 0, 32, buffer, 0));
        operations.put("cbc.decrypt", () -> cbc.decrypt(iv, 0, buffer, 0, 32, buffer, 0));
        operations.put("cbc.encryptPkcs7", () -> cbc.encryptPkcs7(iv, 0, buffer, 0, 20, buffer, 0));
        operations.put("cbc.decryptPkcs7", () -> cbc.decryptPkcs7(iv, 0, buffer, 0, 32, buffer, 0));
        operations.put("ctr.encrypt", () -> ctr.encrypt(iv, 0, buffer, 0, 20, buffer, 0));
        operations.put("ctr.decrypt", () -> ctr.decrypt(iv, 0, buffer, 0, 20, buffer, 0));
        operations.put("gcm.seal", () -> gcm.seal(nonce, 0, 12, aad, 0, 13, buffer, 0, 20, buffer, 0));
        operations.put("gcm.seal whole arrays", () -> gcm.seal(nonce, aad, buffer, 0, 20, buffer, 0));
        operations.put("gcm.open", () -> gcm.open(nonce, 0, 12, aad, 0, 13, buffer, 0, 36, buffer, 0));
        operations.put("gcm.open whole arrays", () -> gcm.open(nonce, aad, buffer, 0, 36, buffer, 0));
        return operations;
    }

    private static void assertDoesNotThrowTwice(javax.security.auth.Destroyable d) {
        try {
            d.destroy();
            d.destroy();
        } catch (javax.security.auth.DestroyFailedException e) {
            throw new AssertionError("destroy failed", e);
        }
    }
}
