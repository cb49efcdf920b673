package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.BadCiphertextException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** PKCS#7 padding (RFC 5652 §6.3) on SM4-CBC: exact round trips and uniform rejection of every bad padding. */
class Sm4CbcPkcs7Test {
    private static final byte MARKER = 0x5c;
    private final CryptoModule module = TestModules.deterministic("sm4-pkcs7");
    private final byte[] key = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    private final byte[] iv = HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100");
    private final Sm4Cbc cbc = module.sm4().cbc(key);

    @Test
    void everyLengthFrom0To48RoundTripsWithOneToSixteenPadBytes() {
        for (int len = 0; len <= 48; len++) {
            byte[] plaintext = new byte[len];
            Arrays.fill(plaintext, (byte) len);
            int padded = (len / 16 + 1) * 16;
            byte[] ciphertext = new byte[padded];
            assertEquals(padded, cbc.encryptPkcs7(iv, 0, plaintext, 0, len, ciphertext, 0), "length " + len);
            assertArrayEquals(BouncyCastleModes.cbcPkcs7(true, key, iv, plaintext), ciphertext, "length " + len);

            // the padding itself is what RFC 5652 §6.3 says: (padded - len) bytes of value (padded - len)
            byte[] raw = new byte[padded];
            cbc.decrypt(iv, 0, ciphertext, 0, padded, raw, 0);
            for (int i = len; i < padded; i++) {
                assertEquals(padded - len, raw[i], "pad byte " + i + " of length " + len);
            }

            byte[] out = new byte[padded - 1];
            Arrays.fill(out, MARKER);
            assertEquals(len, cbc.decryptPkcs7(iv, 0, ciphertext, 0, padded, out, 0), "length " + len);
            assertArrayEquals(plaintext, Arrays.copyOf(out, len), "length " + len);
            for (int i = len; i < out.length; i++) {
                assertEquals(MARKER, out[i], "padding byte " + i + " leaked into the output for length " + len);
            }

            byte[] inPlace = Arrays.copyOf(ciphertext, padded);
            assertEquals(len, cbc.decryptPkcs7(iv, 0, inPlace, 0, padded, inPlace, 0));
            assertArrayEquals(plaintext, Arrays.copyOf(inPlace, len), "in place, length " + len);
        }
    }

    /** Final plaintext blocks whose padding is wrong, each in its own way, preceded by one good block. */
    static Stream<String> badLastBlocks() {
        return Stream.of(
                "000102030405060708090a0b0c0d0e00", // pad length 0
                "000102030405060708090a0b0c0d0e11", // pad length 17
                "000102030405060708090a0b0c0d0eff", // pad length 255
                "000102030405060708090a0b0c0d0102", // 2 claimed, the byte before is 01
                "000102030405060708090a0b0c040303", // 3 claimed, the first of the three is 04
                "000102030405060708090a0405050505", // 5 claimed, the first of the five is 04
                "000102030405060708090a0b0c0d0e0f", // 15 claimed, only the last byte is 0f
                "00101010101010101010101010101010", // 16 claimed, the first byte is 00
                "11101010101010101010101010101010", // 16 claimed, the first byte is 11
                "10101010101010101010101010101011"); // 17 claimed, every other byte 16
    }

    @ParameterizedTest
    @MethodSource("badLastBlocks")
    void badPaddingIsRejectedWithOneExceptionAndMessageAndNoPlaintextOut(String lastBlockHex) {
        byte[] plaintext = new byte[32];
        Arrays.fill(plaintext, 0, 16, (byte) 0x42);
        System.arraycopy(HexFormat.of().parseHex(lastBlockHex), 0, plaintext, 16, 16);
        byte[] ciphertext = new byte[32];
        cbc.encrypt(iv, 0, plaintext, 0, 32, ciphertext, 0);

        byte[] out = new byte[31];
        Arrays.fill(out, MARKER);
        BadCiphertextException e = assertThrows(BadCiphertextException.class,
                () -> cbc.decryptPkcs7(iv, 0, ciphertext, 0, 32, out, 0));
        assertEquals(expectedMessage(), e.getMessage());
        // the good first block was decrypted before the padding was seen, and wiped after
        for (int i = 0; i < 16; i++) {
            assertEquals(0, out[i], "plaintext byte " + i + " left in the output");
        }
        for (int i = 16; i < out.length; i++) {
            assertEquals(MARKER, out[i], "output byte " + i + " written from a block with bad padding");
        }
    }

    @Test
    void everyRejectionSaysTheSameThing() {
        Set<String> messages = new HashSet<>();
        badLastBlocks().forEach(hex -> {
            byte[] plaintext = HexFormat.of().parseHex(hex);
            byte[] ciphertext = new byte[16];
            cbc.encrypt(iv, 0, plaintext, 0, 16, ciphertext, 0);
            messages.add(assertThrows(BadCiphertextException.class,
                    () -> cbc.decryptPkcs7(iv, 0, ciphertext, 0, 16, new byte[15], 0)).getMessage());
        });
        // lengths that cannot be a padded ciphertext are rejected the same way
        for (int len : new int[] {0, 1, 15, 17, 31}) {
            messages.add(assertThrows(BadCiphertextException.class,
                    () -> cbc.decryptPkcs7(iv, 0, new byte[32], 0, len, new byte[32], 0)).getMessage());
        }
        assertEquals(Set.of(expectedMessage()), messages);
    }

    @Test
    void aFullBlockOfPaddingLeavesNothingOfTheLastBlock() {
        byte[] ciphertext = new byte[32];
        assertEquals(32, cbc.encryptPkcs7(iv, 0, new byte[16], 0, 16, ciphertext, 0));
        assertEquals(16, cbc.decryptPkcs7(iv, 0, ciphertext, 0, 32, new byte[31], 0));
    }

    @Test
    void outputRoomIsCheckedBeforeAnythingIsDecrypted() {
        byte[] ciphertext = new byte[32];
        cbc.encryptPkcs7(iv, 0, new byte[20], 0, 20, ciphertext, 0);
        byte[] small = new byte[30];
        Arrays.fill(small, MARKER);
        assertThrows(IndexOutOfBoundsException.class, () -> cbc.decryptPkcs7(iv, 0, ciphertext, 0, 32, small, 0));
        byte[] untouched = new byte[30];
        Arrays.fill(untouched, MARKER);
        assertArrayEquals(untouched, small);
        assertThrows(IndexOutOfBoundsException.class,
                () -> cbc.encryptPkcs7(iv, 0, new byte[20], 0, 20, new byte[31], 0));
    }

    private static String expectedMessage() {
        return "SM4-CBC ciphertext rejected";
    }
}
