package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.BadCiphertextException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every single-bit change to a sealed SM4-GCM record (ciphertext, tag, additional data, nonce) is refused, and
 * neither a separate output buffer nor the record itself (when opened in place) holds any plaintext afterwards.
 */
class Sm4GcmTamperTest {
    private static final byte MARKER = 0x5c;
    private final CryptoModule module = TestModules.deterministic("sm4-gcm-tamper");
    private final Sm4Gcm gcm = module.sm4().gcm(HexFormat.of().parseHex("8899aabbccddeeff0011223344556677"));
    /** 37 bytes: two full blocks and a partial one. */
    private final byte[] plaintext = "attack at dawn, retreat at dusk; ok?!".getBytes(StandardCharsets.US_ASCII);
    /** 13 bytes, the shape of a TLCP record's additional data (sequence number, type, version, length). */
    private final byte[] aad = HexFormat.of().parseHex("00000000000000071701010025");

    @ParameterizedTest(name = "nonce of {0} bytes")
    @ValueSource(ints = {12, 8, 16, 60})
    void everyFlippedBitIsRefusedAndNoPlaintextIsLeft(int nonceLength) {
        byte[] nonce = new byte[nonceLength];
        Arrays.fill(nonce, (byte) 0x3c);
        byte[] sealed = new byte[plaintext.length + Sm4Gcm.TAG_LENGTH];
        gcm.seal(nonce, aad, plaintext, 0, plaintext.length, sealed, 0);
        assertEquals(plaintext.length, gcm.open(nonce, aad, sealed, 0, sealed.length, new byte[plaintext.length], 0));

        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] tampered = flipped(sealed, bit);
            assertRefused(nonce, aad, tampered, "record bit " + bit);
        }
        for (int bit = 0; bit < aad.length * 8; bit++) {
            assertRefused(nonce, flipped(aad, bit), sealed, "aad bit " + bit);
        }
        for (int bit = 0; bit < nonce.length * 8; bit++) {
            assertRefused(flipped(nonce, bit), aad, sealed, "nonce bit " + bit);
        }
    }

    @ParameterizedTest(name = "{0} bytes cut")
    @ValueSource(ints = {1, 15, 16, 17, 53})
    void aTruncatedRecordIsRefused(int cut) {
        byte[] nonce = new byte[12];
        byte[] sealed = new byte[plaintext.length + Sm4Gcm.TAG_LENGTH];
        gcm.seal(nonce, aad, plaintext, 0, plaintext.length, sealed, 0);
        assertRefused(nonce, aad, Arrays.copyOf(sealed, sealed.length - cut), cut + " bytes cut");
    }

    private void assertRefused(byte[] nonce, byte[] aad, byte[] record, String what) {
        byte[] out = new byte[Math.max(0, record.length - Sm4Gcm.TAG_LENGTH)];
        Arrays.fill(out, MARKER);
        assertThrows(BadCiphertextException.class, () -> gcm.open(nonce, aad, record, 0, record.length, out, 0), what);
        byte[] untouched = new byte[out.length];
        Arrays.fill(untouched, MARKER);
        assertArrayEquals(untouched, out, what + ": the output was written");

        byte[] inPlace = record.clone();
        assertThrows(BadCiphertextException.class,
                () -> gcm.open(nonce, aad, inPlace, 0, inPlace.length, inPlace, 0), what + " in place");
        assertArrayEquals(record, inPlace, what + ": the record was changed in place");
    }

    private static byte[] flipped(byte[] data, int bit) {
        byte[] copy = data.clone();
        copy[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        return copy;
    }
}
