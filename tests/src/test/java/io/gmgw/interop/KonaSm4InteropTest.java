package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.BadCiphertextException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SM4 (GB/T 32907-2016) in ECB, CBC (unpadded and PKCS#7) and CTR between gm-crypto and kona-crypto, both ways, a few
 * hundred random cases per mode (in process). Every case checks that both sides produce the same ciphertext, that Kona
 * decrypts ours and that ours decrypts Kona's. SM4-GCM is in {@link KonaSm4GcmInteropTest}.
 */
class KonaSm4InteropTest {
    private static final String ECB = "SM4/ECB/NoPadding";
    private static final String CBC = "SM4/CBC/NoPadding";
    /** Kona's name for PKCS#7; it does not know PKCS5Padding ({@link #konaNamesItsPaddingPkcs7Padding}). */
    private static final String CBC_PKCS7 = "SM4/CBC/PKCS7Padding";
    private static final String CTR = "SM4/CTR/NoPadding";

    private static final int CASES = 300;
    private static final int MAX_LENGTH = 2000;
    private static final int[] EDGE_LENGTHS = {0, 1, 15, 16, 17, 31, 32, 33, 255, 256, MAX_LENGTH};
    private static final int[] EDGE_BLOCKS = {0, 1, 2, 3, 128};

    private static OurSm4 ours;
    private static KonaPeer kona;

    /** One way of running SM4 on a whole input, for {@link #checkBothWays}. */
    private interface Sm4Call {
        byte[] apply(byte[] input) throws GeneralSecurityException;
    }

    @BeforeAll
    static void start() {
        ours = new OurSm4(TestModules.deterministic("interop-kona-sm4"));
        kona = new KonaPeer(TestModules.deterministic("interop-kona-sm4-peer").random());
    }

    @Test
    void ecbBothWays() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm4-ecb");
        for (int i = 0; i < CASES; i++) {
            byte[] key = cases.bytes(16);
            byte[] plaintext = cases.bytes(16 * blocks(i, cases));
            checkBothWays(cases.where(i, describe(key, null, plaintext)), plaintext,
                    p -> ours.ecbEncrypt(key, p), c -> ours.ecbDecrypt(key, c),
                    p -> kona.sm4(ECB, Cipher.ENCRYPT_MODE, key, null, p),
                    c -> kona.sm4(ECB, Cipher.DECRYPT_MODE, key, null, c));
        }
    }

    @Test
    void cbcUnpaddedBothWays() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm4-cbc-nopad");
        for (int i = 0; i < CASES; i++) {
            byte[] key = cases.bytes(16);
            byte[] iv = cases.bytes(16);
            byte[] plaintext = cases.bytes(16 * blocks(i, cases));
            checkBothWays(cases.where(i, describe(key, iv, plaintext)), plaintext,
                    p -> ours.cbcEncrypt(key, iv, p), c -> ours.cbcDecrypt(key, iv, c),
                    p -> kona.sm4(CBC, Cipher.ENCRYPT_MODE, key, iv, p),
                    c -> kona.sm4(CBC, Cipher.DECRYPT_MODE, key, iv, c));
        }
    }

    @Test
    void cbcPkcs7BothWays() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm4-cbc-pkcs7");
        for (int i = 0; i < CASES; i++) {
            byte[] key = cases.bytes(16);
            byte[] iv = cases.bytes(16);
            byte[] plaintext = cases.bytes(i < EDGE_LENGTHS.length ? EDGE_LENGTHS[i] : cases.between(0, MAX_LENGTH));
            String where = cases.where(i, describe(key, iv, plaintext));
            checkBothWays(where, plaintext,
                    p -> ours.cbcEncryptPkcs7(key, iv, p), c -> ours.cbcDecryptPkcs7(key, iv, c),
                    p -> kona.sm4(CBC_PKCS7, Cipher.ENCRYPT_MODE, key, iv, p),
                    c -> kona.sm4(CBC_PKCS7, Cipher.DECRYPT_MODE, key, iv, c));
            assertEquals(plaintext.length - plaintext.length % 16 + 16, ours.cbcEncryptPkcs7(key, iv, plaintext).length,
                    where);
        }
    }

    /**
     * CTR, with both sides also held to the counter definition ({@link ExpectedCounterBlocks}); the keystream of the
     * definition is Kona's ECB of the counter blocks, so that check of gm-crypto involves none of gm-crypto's code.
     */
    @Test
    void ctrBothWays() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm4-ctr");
        for (int i = 0; i < CASES; i++) {
            byte[] key = cases.bytes(16);
            byte[] counter = ExpectedCounterBlocks.nearCarry(cases, i);
            // past the edge lengths at least three blocks, so that counters starting near a carry reach it
            byte[] plaintext = cases.bytes(i < EDGE_LENGTHS.length ? EDGE_LENGTHS[i] : cases.between(48, MAX_LENGTH));
            String where = cases.where(i, describe(key, counter, plaintext));
            checkBothWays(where, plaintext,
                    p -> ours.ctr(key, counter, p), c -> ours.ctr(key, counter, c),
                    p -> kona.sm4(CTR, Cipher.ENCRYPT_MODE, key, counter, p),
                    c -> kona.sm4(CTR, Cipher.DECRYPT_MODE, key, counter, c));
            byte[] counterBlocks = ExpectedCounterBlocks.wholeBlock(counter,
                    ExpectedCounterBlocks.blocksFor(plaintext.length));
            byte[] expected = ExpectedCounterBlocks.xor(plaintext,
                    kona.sm4(ECB, Cipher.ENCRYPT_MODE, key, null, counterBlocks));
            assertArrayEquals(expected, ours.ctr(key, counter, plaintext), "gm-crypto vs whole-block counters, " + where);
            assertArrayEquals(expected, kona.sm4(CTR, Cipher.ENCRYPT_MODE, key, counter, plaintext),
                    "Kona vs whole-block counters, " + where);
        }
    }

    /**
     * Both sides judge PKCS#7 padding by RFC 5652 §6.3: every value of the last byte (0 to 255, repeated as padding
     * would be) and, for each valid length from 2 to 16, each other pad byte changed in turn; a crafted last block is
     * encrypted without padding and decrypted with it by both.
     */
    @Test
    void pkcs7PaddingIsJudgedAlike() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm4-cbc-pkcs7-padding");
        List<Pkcs7LastBlocks.LastBlock> tails = new ArrayList<>();
        for (int value = 0; value < 256; value++) {
            tails.add(Pkcs7LastBlocks.consistent(cases, value));
        }
        for (int value = 2; value <= 16; value++) {
            for (int at = 16 - value; at < 15; at++) {
                tails.add(Pkcs7LastBlocks.mismatched(cases, value, at));
            }
        }
        for (int i = 0; i < tails.size(); i++) {
            Pkcs7LastBlocks.LastBlock tail = tails.get(i);
            byte[] key = cases.bytes(16);
            byte[] iv = cases.bytes(16);
            byte[] plaintext = tail.after(cases.bytes(16 * cases.between(0, 3)));
            byte[] ciphertext = kona.sm4(CBC, Cipher.ENCRYPT_MODE, key, iv, plaintext);
            String where = cases.where(i, tail.describe() + " after " + (plaintext.length - 16) + " bytes, "
                    + describe(key, iv, plaintext));
            int pad = Pkcs7LastBlocks.validPadLength(tail.block());
            if (pad > 0) {
                byte[] expected = Arrays.copyOf(plaintext, plaintext.length - pad);
                assertArrayEquals(expected, kona.sm4(CBC_PKCS7, Cipher.DECRYPT_MODE, key, iv, ciphertext),
                        "Kona, " + where);
                assertArrayEquals(expected, ours.cbcDecryptPkcs7(key, iv, ciphertext), "gm-crypto, " + where);
            } else {
                assertThrows(BadPaddingException.class,
                        () -> kona.sm4(CBC_PKCS7, Cipher.DECRYPT_MODE, key, iv, ciphertext),
                        "Kona accepted invalid padding, " + where);
                assertThrows(BadCiphertextException.class, () -> ours.cbcDecryptPkcs7(key, iv, ciphertext),
                        "gm-crypto accepted invalid padding, " + where);
            }
        }
    }

    /** A PKCS#7 ciphertext is a positive multiple of 16 bytes: ragged ones are refused by both. */
    @Test
    void pkcs7CiphertextsOfRaggedLengthsAreRefusedByBoth() {
        RandomCases cases = RandomCases.of("kona-sm4-cbc-pkcs7-lengths");
        int[] lengths = {1, 15, 17, 40, 2001};
        for (int i = 0; i < lengths.length; i++) {
            byte[] key = cases.bytes(16);
            byte[] iv = cases.bytes(16);
            byte[] ciphertext = cases.bytes(lengths[i]);
            String where = cases.where(i, describe(key, iv, ciphertext));
            assertThrows(IllegalBlockSizeException.class,
                    () -> kona.sm4(CBC_PKCS7, Cipher.DECRYPT_MODE, key, iv, ciphertext), "Kona accepted it, " + where);
            assertThrows(BadCiphertextException.class, () -> ours.cbcDecryptPkcs7(key, iv, ciphertext),
                    "gm-crypto accepted it, " + where);
        }
    }

    /**
     * A discrepancy found by these tests: kona-crypto 1.0.19 decrypts an empty PKCS#7 ciphertext to an empty plaintext,
     * although every PKCS#7 ciphertext has at least one block (RFC 5652 §6.3 always pads). gm-crypto refuses it, as
     * OpenSSL does ({@code OpenSslSm4InteropTest#pkcs7CiphertextsOfImpossibleLengthsAreRefusedByBoth}). The Kona half
     * pins its behaviour: if a later Kona refuses, this test fails and says so.
     */
    @Test
    void konaDecryptsAnEmptyPkcs7CiphertextToNothing() throws GeneralSecurityException {
        byte[] key = HexFormat.of().parseHex("0123456789abcdeffedcba9876543210");
        byte[] iv = new byte[16];
        assertThrows(BadCiphertextException.class, () -> ours.cbcDecryptPkcs7(key, iv, new byte[0]),
                "gm-crypto must refuse an empty PKCS#7 ciphertext");
        assertArrayEquals(new byte[0], kona.sm4(CBC_PKCS7, Cipher.DECRYPT_MODE, key, iv, new byte[0]),
                "Kona 1.0.19 decrypted an empty PKCS#7 ciphertext to nothing; has it changed?");
    }

    /** Kona registers PKCS#7 as PKCS7Padding only; a later Kona that adds SunJCE's PKCS5Padding alias fails this. */
    @Test
    void konaNamesItsPaddingPkcs7Padding() throws GeneralSecurityException {
        assertEquals("NOPADDING|PKCS7PADDING",
                kona.provider().getService("Cipher", "SM4").getAttribute("SupportedPaddings"));
        assertThrows(NoSuchPaddingException.class, () -> Cipher.getInstance("SM4/CBC/PKCS5Padding", kona.provider()));
        assertDoesNotThrow(() -> Cipher.getInstance(CBC_PKCS7, kona.provider()));
    }

    /**
     * Both encrypt {@code plaintext} to the same ciphertext (all these modes are deterministic), Kona decrypts ours and
     * ours decrypts Kona's.
     */
    private static void checkBothWays(String where, byte[] plaintext, Sm4Call oursEncrypt, Sm4Call oursDecrypt,
            Sm4Call konaEncrypt, Sm4Call konaDecrypt) throws GeneralSecurityException {
        byte[] oursCiphertext = oursEncrypt.apply(plaintext);
        byte[] konasCiphertext = konaEncrypt.apply(plaintext);
        assertArrayEquals(konasCiphertext, oursCiphertext, "same ciphertext, " + where);
        assertArrayEquals(plaintext, konaDecrypt.apply(oursCiphertext), "Kona decrypts ours, " + where);
        assertArrayEquals(plaintext, oursDecrypt.apply(konasCiphertext), "ours decrypts Kona's, " + where);
    }

    private static int blocks(int i, RandomCases cases) {
        return i < EDGE_BLOCKS.length ? EDGE_BLOCKS[i] : cases.between(0, 128);
    }

    private static String describe(byte[] key, byte[] ivOrCounter, byte[] input) {
        return input.length + " bytes, key " + HexFormat.of().formatHex(key)
                + (ivOrCounter == null ? "" : ", iv " + HexFormat.of().formatHex(ivOrCounter));
    }
}
