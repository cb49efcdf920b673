package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad lengths, offsets, overlaps and nulls fail fast with messages that name the argument, and harm nothing. */
class Sm4ArgumentsTest {
    private final CryptoModule module = TestModules.deterministic("sm4-arguments");
    private final byte[] key = HexFormat.of().parseHex("0123456789abcdeffedcba9876543210");
    private final Sm4Ecb ecb = module.sm4().ecb(key);
    private final Sm4Cbc cbc = module.sm4().cbc(key);
    private final Sm4Ctr ctr = module.sm4().ctr(key);
    private final Sm4Gcm gcm = module.sm4().gcm(key);
    private final byte[] iv = new byte[16];
    private final byte[] nonce = new byte[12];
    private final byte[] buffer = new byte[64];

    @Test
    void unpaddedEcbAndCbcTakeWholeBlocksOnly() {
        expect(IllegalArgumentException.class, "multiple of 16", () -> ecb.encrypt(buffer, 0, 15, buffer, 0));
        expect(IllegalArgumentException.class, "multiple of 16", () -> ecb.decrypt(buffer, 0, 17, buffer, 0));
        expect(IllegalArgumentException.class, "multiple of 16", () -> cbc.encrypt(iv, 0, buffer, 0, 31, buffer, 0));
        expect(IllegalArgumentException.class, "multiple of 16", () -> cbc.decrypt(iv, 0, buffer, 0, 1, buffer, 0));
    }

    @Test
    void oneDirectionCbcRefusesTheOtherDirection() {
        Sm4Cbc encryptor = module.sm4().cbcEncryptor(key);
        Sm4Cbc decryptor = module.sm4().cbcDecryptor(key);
        expect(IllegalStateException.class, "encrypt only", () -> encryptor.decrypt(iv, 0, buffer, 0, 16, buffer, 0));
        expect(IllegalStateException.class, "encrypt only",
                () -> encryptor.decryptPkcs7(iv, 0, buffer, 0, 16, buffer, 0));
        expect(IllegalStateException.class, "decrypt only", () -> decryptor.encrypt(iv, 0, buffer, 0, 16, buffer, 0));
        expect(IllegalStateException.class, "decrypt only",
                () -> decryptor.encryptPkcs7(iv, 0, buffer, 0, 3, buffer, 0));
        byte[] sealed = new byte[16];
        encryptor.encrypt(iv, 0, buffer, 0, 16, sealed, 0);
        byte[] opened = new byte[16];
        decryptor.decrypt(iv, 0, sealed, 0, 16, opened, 0);
        assertArrayEquals(java.util.Arrays.copyOf(buffer, 16), opened);
    }

    @Test
    void regionsOutOfBoundsNameTheArgument() {
        expect(IndexOutOfBoundsException.class, "input:", () -> ecb.encrypt(buffer, 56, 16, new byte[16], 0));
        expect(IndexOutOfBoundsException.class, "output:", () -> ecb.encrypt(buffer, 0, 32, new byte[31], 0));
        expect(IndexOutOfBoundsException.class, "input:", () -> ctr.encrypt(iv, 0, buffer, -1, 4, buffer, 0));
        expect(IndexOutOfBoundsException.class, "input:", () -> ctr.encrypt(iv, 0, buffer, 0, -4, buffer, 0));
        expect(IndexOutOfBoundsException.class, "iv:", () -> cbc.encrypt(new byte[15], 0, buffer, 0, 16, buffer, 0));
        expect(IndexOutOfBoundsException.class, "iv:", () -> cbc.decrypt(iv, 1, buffer, 0, 16, buffer, 0));
        expect(IndexOutOfBoundsException.class, "counter block:", () -> ctr.encrypt(iv, 8, buffer, 0, 1, buffer, 0));
        expect(IndexOutOfBoundsException.class, "nonce:",
                () -> gcm.seal(nonce, 4, 12, buffer, 0, 0, buffer, 0, 0, buffer, 0));
        expect(IndexOutOfBoundsException.class, "aad:",
                () -> gcm.seal(nonce, 0, 12, buffer, 60, 13, buffer, 0, 0, buffer, 0));
        // seal needs room for the tag after the ciphertext
        expect(IndexOutOfBoundsException.class, "output:",
                () -> gcm.seal(nonce, nonce, buffer, 0, 20, new byte[35], 0));
        expect(IndexOutOfBoundsException.class, "output:",
                () -> gcm.seal(nonce, nonce, buffer, 0, 20, buffer, Integer.MAX_VALUE - 10));
    }

    @Test
    void gcmRefusesAnEmptyNonce() {
        expect(IllegalArgumentException.class, "nonce must not be empty",
                () -> gcm.seal(new byte[0], nonce, buffer, 0, 16, buffer, 0));
        expect(IllegalArgumentException.class, "nonce must not be empty",
                () -> gcm.open(nonce, 3, 0, nonce, 0, 0, buffer, 0, 32, buffer, 0));
    }

    @Test
    void outputStartingInsideTheInputAfterItsStartIsRefused() {
        expect(IllegalArgumentException.class, "overlaps", () -> ecb.encrypt(buffer, 0, 32, buffer, 16));
        expect(IllegalArgumentException.class, "overlaps", () -> cbc.decrypt(iv, 0, buffer, 0, 32, buffer, 1));
        expect(IllegalArgumentException.class, "overlaps", () -> ctr.encrypt(iv, 0, buffer, 10, 20, buffer, 29));
        expect(IllegalArgumentException.class, "overlaps", () -> gcm.seal(nonce, nonce, buffer, 0, 20, buffer, 5));
    }

    @Test
    void nullArraysAreRefused() {
        assertThrows(NullPointerException.class, () -> ecb.encrypt(null, 0, 0, buffer, 0));
        assertThrows(NullPointerException.class, () -> cbc.encrypt(null, 0, buffer, 0, 16, buffer, 0));
        assertThrows(NullPointerException.class, () -> ctr.encrypt(iv, 0, buffer, 0, 16, null, 0));
        assertThrows(NullPointerException.class, () -> gcm.seal(nonce, null, buffer, 0, 16, buffer, 0));
    }

    @Test
    void aRefusedCallLeavesTheObjectsWorking() {
        unpaddedEcbAndCbcTakeWholeBlocksOnly();
        regionsOutOfBoundsNameTheArgument();
        outputStartingInsideTheInputAfterItsStartIsRefused();
        byte[] block = key.clone();
        ecb.encrypt(block, 0, 16, block, 0);
        assertArrayEquals(HexFormat.of().parseHex("681edf34d206965e86b3e94f536e4246"), block);
    }

    private static void expect(Class<? extends RuntimeException> type, String fragment, Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
                "expected \"" + fragment + "\" in: " + e.getMessage());
    }
}
