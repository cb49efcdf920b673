package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.BadCiphertextException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SM4 (GB/T 32907-2016) in ECB, CBC (unpadded and PKCS#7) and CTR between gm-crypto and the OpenSSL 3 CLI's
 * {@code enc}, both ways: what one side encrypts the other decrypts, and since key and IV are given in hex ({@code -K},
 * {@code -iv}; no password, no salt) OpenSSL's ciphertext must also equal ours byte for byte. CTR output is further
 * checked against the counter blocks worked out from their definition ({@link ExpectedCounterBlocks}), starting close
 * to carries out of 32, 64 and 96 bits and to the wrap at 2^128.
 *
 * <p>No GCM here: {@code openssl enc} refuses AEAD ciphers ("enc: AEAD ciphers not supported"), and OpenSSL 3.0 has
 * no SM4-GCM cipher at all. SM4-GCM is checked against kona-crypto ({@code KonaSm4GcmInteropTest}).
 *
 * <p>One {@code openssl enc} call encrypts or decrypts one message, so the case counts are modest (about 150 calls).
 */
class OpenSslSm4InteropTest {
    private static final int MAX_LENGTH = 2000;
    /** Around the 16-byte block: PKCS#7 adds a whole block to 0 and 16 bytes, and 1 to 15 bytes to the others. */
    private static final int[] PADDED_EDGE_LENGTHS = {0, 1, 15, 16, 17, 31, 32, 33, MAX_LENGTH};
    private static final int[] EDGE_BLOCKS = {0, 1, 2, MAX_LENGTH / 16};
    private static final int[] CTR_EDGE_LENGTHS = {0, 1, 15, 16, 17, 33};

    @TempDir
    static Path dir;
    private static OpenSslCli openssl;
    private static OurSm4 ours;

    @BeforeAll
    static void requireOpenSsl() {
        openssl = OpenSslCli.require(dir);
        ours = new OurSm4(TestModules.deterministic("interop-openssl-sm4"));
    }

    @Test
    void cbcPkcs7OursAreDecryptedByOpenSsl() {
        RandomCases cases = RandomCases.of("openssl-sm4-cbc-pkcs7-ours");
        for (int i = 0; i < 20; i++) {
            byte[] key = cases.bytes(16);
            byte[] iv = cases.bytes(16);
            byte[] plaintext = cases.bytes(paddedLength(i, cases));
            String where = cases.where(i, describe(key, iv, plaintext));
            byte[] ciphertext = ours.cbcEncryptPkcs7(key, iv, plaintext);
            assertEquals(plaintext.length - plaintext.length % 16 + 16, ciphertext.length, where);
            assertArrayEquals(plaintext, enc(key, iv, ciphertext, "-sm4-cbc", "-d"), where);
        }
    }

    @Test
    void cbcPkcs7OpenSslsAreDecryptedByOurs() {
        RandomCases cases = RandomCases.of("openssl-sm4-cbc-pkcs7-theirs");
        for (int i = 0; i < 20; i++) {
            byte[] key = cases.bytes(16);
            byte[] iv = cases.bytes(16);
            byte[] plaintext = cases.bytes(paddedLength(i, cases));
            String where = cases.where(i, describe(key, iv, plaintext));
            byte[] ciphertext = enc(key, iv, plaintext, "-sm4-cbc");
            assertArrayEquals(plaintext, ours.cbcDecryptPkcs7(key, iv, ciphertext), where);
            assertArrayEquals(ciphertext, ours.cbcEncryptPkcs7(key, iv, plaintext), "same ciphertext, " + where);
        }
    }

    @Test
    void cbcUnpaddedOursAreDecryptedByOpenSsl() {
        RandomCases cases = RandomCases.of("openssl-sm4-cbc-nopad-ours");
        for (int i = 0; i < 15; i++) {
            byte[] key = cases.bytes(16);
            byte[] iv = cases.bytes(16);
            byte[] plaintext = cases.bytes(16 * blocks(i, cases));
            String where = cases.where(i, describe(key, iv, plaintext));
            byte[] ciphertext = ours.cbcEncrypt(key, iv, plaintext);
            assertArrayEquals(plaintext, enc(key, iv, ciphertext, "-sm4-cbc", "-d", "-nopad"), where);
        }
    }

    @Test
    void cbcUnpaddedOpenSslsAreDecryptedByOurs() {
        RandomCases cases = RandomCases.of("openssl-sm4-cbc-nopad-theirs");
        for (int i = 0; i < 15; i++) {
            byte[] key = cases.bytes(16);
            byte[] iv = cases.bytes(16);
            byte[] plaintext = cases.bytes(16 * blocks(i, cases));
            String where = cases.where(i, describe(key, iv, plaintext));
            byte[] ciphertext = enc(key, iv, plaintext, "-sm4-cbc", "-nopad");
            assertArrayEquals(plaintext, ours.cbcDecrypt(key, iv, ciphertext), where);
            assertArrayEquals(ciphertext, ours.cbcEncrypt(key, iv, plaintext), "same ciphertext, " + where);
        }
    }

    @Test
    void ecbOursAreDecryptedByOpenSsl() {
        RandomCases cases = RandomCases.of("openssl-sm4-ecb-ours");
        for (int i = 0; i < 10; i++) {
            byte[] key = cases.bytes(16);
            byte[] plaintext = cases.bytes(16 * blocks(i, cases));
            String where = cases.where(i, describe(key, null, plaintext));
            byte[] ciphertext = ours.ecbEncrypt(key, plaintext);
            assertArrayEquals(plaintext, enc(key, null, ciphertext, "-sm4-ecb", "-d", "-nopad"), where);
        }
    }

    @Test
    void ecbOpenSslsAreDecryptedByOurs() {
        RandomCases cases = RandomCases.of("openssl-sm4-ecb-theirs");
        for (int i = 0; i < 10; i++) {
            byte[] key = cases.bytes(16);
            byte[] plaintext = cases.bytes(16 * blocks(i, cases));
            String where = cases.where(i, describe(key, null, plaintext));
            byte[] ciphertext = enc(key, null, plaintext, "-sm4-ecb", "-nopad");
            assertArrayEquals(plaintext, ours.ecbDecrypt(key, ciphertext), where);
            assertArrayEquals(ciphertext, ours.ecbEncrypt(key, plaintext), "same ciphertext, " + where);
        }
    }

    /**
     * Ours against the counter definition, then decrypted by OpenSSL. The keystream of the definition is SM4-ECB of
     * the counter blocks, computed by gm-crypto's ECB, which the ECB cases hold to OpenSSL's.
     */
    @Test
    void ctrOursAreDecryptedByOpenSsl() {
        RandomCases cases = RandomCases.of("openssl-sm4-ctr-ours");
        for (int i = 0; i < 20; i++) {
            byte[] key = cases.bytes(16);
            byte[] counter = ExpectedCounterBlocks.nearCarry(cases, i);
            byte[] plaintext = cases.bytes(ctrLength(i, cases));
            String where = cases.where(i, describe(key, counter, plaintext));
            byte[] ciphertext = ours.ctr(key, counter, plaintext);
            assertArrayEquals(byDefinition(key, counter, plaintext), ciphertext,
                    "gm-crypto's CTR vs whole-block counters, " + where);
            assertArrayEquals(plaintext, enc(key, counter, ciphertext, "-sm4-ctr", "-d"), where);
        }
    }

    /** OpenSSL's CTR against the counter definition: its counter runs over the whole block, as ours does. */
    @Test
    void ctrOpenSslsAreDecryptedByOurs() {
        RandomCases cases = RandomCases.of("openssl-sm4-ctr-theirs");
        for (int i = 0; i < 20; i++) {
            byte[] key = cases.bytes(16);
            byte[] counter = ExpectedCounterBlocks.nearCarry(cases, i);
            byte[] plaintext = cases.bytes(ctrLength(i, cases));
            String where = cases.where(i, describe(key, counter, plaintext));
            byte[] ciphertext = enc(key, counter, plaintext, "-sm4-ctr");
            assertArrayEquals(byDefinition(key, counter, plaintext), ciphertext,
                    "OpenSSL's CTR vs whole-block counters, " + where);
            assertArrayEquals(plaintext, ours.ctr(key, counter, ciphertext), where);
        }
    }

    /**
     * Both sides judge PKCS#7 padding by RFC 5652 §6.3: each crafted last block (encrypted without padding) is
     * accepted, with the same plaintext, or refused by both, as {@link Pkcs7LastBlocks#validPadLength} says.
     */
    @Test
    void pkcs7PaddingIsJudgedAlike() {
        RandomCases cases = RandomCases.of("openssl-sm4-cbc-pkcs7-padding");
        List<Pkcs7LastBlocks.LastBlock> tails = new ArrayList<>();
        for (int value : new int[] {0x00, 0x01, 0x02, 0x0f, 0x10, 0x11, 0x80, 0xff}) {
            tails.add(Pkcs7LastBlocks.consistent(cases, value));
        }
        // the pad byte farthest from the end, which a check that counts from the end might not reach, and one nearer
        tails.add(Pkcs7LastBlocks.mismatched(cases, 0x02, 14));
        tails.add(Pkcs7LastBlocks.mismatched(cases, 0x08, 8));
        tails.add(Pkcs7LastBlocks.mismatched(cases, 0x10, 0));
        tails.add(Pkcs7LastBlocks.mismatched(cases, 0x10, 9));
        for (int i = 0; i < tails.size(); i++) {
            Pkcs7LastBlocks.LastBlock tail = tails.get(i);
            byte[] key = cases.bytes(16);
            byte[] iv = cases.bytes(16);
            byte[] plaintext = tail.after(cases.bytes(16 * cases.between(0, 3)));
            byte[] ciphertext = ours.cbcEncrypt(key, iv, plaintext);
            String where = cases.where(i, tail.describe() + " after " + (plaintext.length - 16) + " bytes, "
                    + describe(key, iv, plaintext));
            OpenSslCli.Result theirs = openssl.exec(ciphertext, encArgs(key, iv, "-sm4-cbc", "-d"));
            int pad = Pkcs7LastBlocks.validPadLength(tail.block());
            if (pad > 0) {
                byte[] expected = Arrays.copyOf(plaintext, plaintext.length - pad);
                assertEquals(0, theirs.exitCode(), "OpenSSL refused valid padding: " + theirs.describe() + ", " + where);
                assertArrayEquals(expected, theirs.stdout(), "OpenSSL, " + where);
                assertArrayEquals(expected, ours.cbcDecryptPkcs7(key, iv, ciphertext), "gm-crypto, " + where);
            } else {
                assertNotEquals(0, theirs.exitCode(), "OpenSSL accepted invalid padding, " + where);
                assertThrows(BadCiphertextException.class, () -> ours.cbcDecryptPkcs7(key, iv, ciphertext),
                        "gm-crypto accepted invalid padding, " + where);
            }
        }
    }

    /** A PKCS#7 ciphertext is a positive multiple of 16 bytes: empty and ragged ones are refused by both. */
    @Test
    void pkcs7CiphertextsOfImpossibleLengthsAreRefusedByBoth() {
        RandomCases cases = RandomCases.of("openssl-sm4-cbc-pkcs7-lengths");
        int[] lengths = {0, 1, 15, 17, 40};
        for (int i = 0; i < lengths.length; i++) {
            byte[] key = cases.bytes(16);
            byte[] iv = cases.bytes(16);
            byte[] ciphertext = cases.bytes(lengths[i]);
            String where = cases.where(i, lengths[i] + "-byte ciphertext, " + describe(key, iv, ciphertext));
            OpenSslCli.Result theirs = openssl.exec(ciphertext, encArgs(key, iv, "-sm4-cbc", "-d"));
            assertNotEquals(0, theirs.exitCode(), "OpenSSL accepted it, " + where);
            assertThrows(BadCiphertextException.class, () -> ours.cbcDecryptPkcs7(key, iv, ciphertext),
                    "gm-crypto accepted it, " + where);
        }
    }

    /** {@code openssl enc <options> -K key [-iv iv]} on {@code input}; its output, which must come with exit code 0. */
    private static byte[] enc(byte[] key, byte[] iv, byte[] input, String... options) {
        return openssl.run(input, encArgs(key, iv, options));
    }

    /** {@code iv} null for ECB, which takes none (OpenSSL warns about an unused one). */
    private static String[] encArgs(byte[] key, byte[] iv, String... options) {
        List<String> args = new ArrayList<>(List.of("enc"));
        args.addAll(List.of(options));
        args.addAll(List.of("-K", HexFormat.of().formatHex(key)));
        if (iv != null) {
            args.addAll(List.of("-iv", HexFormat.of().formatHex(iv)));
        }
        return args.toArray(String[]::new);
    }

    private static byte[] byDefinition(byte[] key, byte[] counter, byte[] input) {
        byte[] counterBlocks = ExpectedCounterBlocks.wholeBlock(counter, ExpectedCounterBlocks.blocksFor(input.length));
        return ExpectedCounterBlocks.xor(input, ours.ecbEncrypt(key, counterBlocks));
    }

    private static int paddedLength(int i, RandomCases cases) {
        return i < PADDED_EDGE_LENGTHS.length ? PADDED_EDGE_LENGTHS[i] : cases.between(0, MAX_LENGTH);
    }

    private static int blocks(int i, RandomCases cases) {
        return i < EDGE_BLOCKS.length ? EDGE_BLOCKS[i] : cases.between(0, MAX_LENGTH / 16);
    }

    /** Past the edge lengths at least three blocks, so that counters starting near a carry reach it. */
    private static int ctrLength(int i, RandomCases cases) {
        return i < CTR_EDGE_LENGTHS.length ? CTR_EDGE_LENGTHS[i] : cases.between(48, MAX_LENGTH);
    }

    private static String describe(byte[] key, byte[] ivOrCounter, byte[] input) {
        return input.length + " bytes, key " + HexFormat.of().formatHex(key)
                + (ivOrCounter == null ? "" : ", iv " + HexFormat.of().formatHex(ivOrCounter));
    }
}
