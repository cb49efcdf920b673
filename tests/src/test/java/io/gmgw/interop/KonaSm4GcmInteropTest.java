package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.BadCiphertextException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SM4-GCM (NIST SP 800-38D over SM4, as RFC 8998 and TLCP use it) between gm-crypto and kona-crypto's
 * {@code SM4/GCM/NoPadding}, both ways, with 128-bit tags and random additional data: 12-byte nonces (the fast path
 * J0 = IV ‖ 0^31 ‖ 1) and other lengths, which both hash into J0. Forgeries are refused by both, and GCM's 32-bit
 * counter is run across its wrap. OpenSSL's {@code enc} cannot do GCM, so Kona is the only peer here.
 */
class KonaSm4GcmInteropTest {
    private static final int CASES = 300;
    private static final int MAX_LENGTH = 2000;
    private static final int[] EDGE_LENGTHS = {0, 1, 15, 16, 17, 31, 32, 33, 255, MAX_LENGTH};
    /** Lengths other than 12 bytes: all go through GHASH; 16 is one whole block, 64 and 200 several. */
    private static final int[] OTHER_NONCE_LENGTHS = {1, 8, 11, 13, 16, 17, 32, 64, 200};
    /** No AAD, TLS 1.2/TLCP's 13-byte record header, and around the 16-byte block. */
    private static final int[] EDGE_AAD_LENGTHS = {0, 13, 16, 17, 1, 300};

    private static OurSm4 ours;
    private static KonaPeer kona;

    /** A sealed message with one thing changed, and what. */
    private record Forgery(String what, byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
    }

    @BeforeAll
    static void start() {
        ours = new OurSm4(TestModules.deterministic("interop-kona-sm4-gcm"));
        kona = new KonaPeer(TestModules.deterministic("interop-kona-sm4-gcm-peer").random());
    }

    /** Both seal to the same ciphertext ‖ tag, Kona opens ours and ours opens Kona's. */
    @Test
    void sealAndOpenBothWays() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm4-gcm");
        for (int i = 0; i < CASES; i++) {
            byte[] key = cases.bytes(16);
            byte[] nonce = cases.bytes(nonceLength(i, cases));
            byte[] aad = cases.bytes(i < EDGE_AAD_LENGTHS.length ? EDGE_AAD_LENGTHS[i]
                    : cases.between(0, i % 5 == 0 ? 600 : 40));
            byte[] plaintext = cases.bytes(i < EDGE_LENGTHS.length ? EDGE_LENGTHS[i] : cases.between(0, MAX_LENGTH));
            String where = cases.where(i, describe(key, nonce, aad, plaintext));

            byte[] oursSealed = ours.gcmSeal(key, nonce, aad, plaintext);
            byte[] konasSealed = kona.sm4GcmSeal(key, nonce, aad, plaintext);
            assertEquals(plaintext.length + 16, oursSealed.length, where);
            assertArrayEquals(konasSealed, oursSealed, "same ciphertext and tag, " + where);
            assertArrayEquals(plaintext, kona.sm4GcmOpen(key, nonce, aad, oursSealed), "Kona opens ours, " + where);
            assertArrayEquals(plaintext, ours.gcmOpen(key, nonce, aad, konasSealed), "ours opens Kona's, " + where);
        }
    }

    /**
     * One bit flipped in the ciphertext, the tag, the additional data or the nonce, a byte cut off or added, or another
     * key: each side refuses every such forgery of its own and of the other's sealed messages.
     */
    @Test
    void forgeriesAreRefusedByBoth() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm4-gcm-forgery");
        for (int i = 0; i < 100; i++) {
            byte[] key = cases.bytes(16);
            byte[] nonce = cases.bytes(nonceLength(i, cases));
            byte[] aad = cases.bytes(cases.between(i % 4 == 0 ? 0 : 1, 64));
            byte[] plaintext = cases.bytes(i % 10 == 0 ? 0 : cases.between(1, 500));
            String where = cases.where(i, describe(key, nonce, aad, plaintext));
            byte[] oursSealed = ours.gcmSeal(key, nonce, aad, plaintext);
            byte[] konasSealed = kona.sm4GcmSeal(key, nonce, aad, plaintext);
            for (byte[] sealed : List.of(oursSealed, konasSealed)) {
                String origin = sealed == oursSealed ? "ours" : "Kona's";
                for (Forgery f : forgeries(cases, key, nonce, aad, sealed)) {
                    String forged = origin + " with " + f.what() + ", " + where;
                    assertThrows(AEADBadTagException.class, () -> kona.sm4GcmOpen(f.key(), f.nonce(), f.aad(),
                            f.sealed()), "Kona accepted " + forged);
                    assertThrows(BadCiphertextException.class, () -> ours.gcmOpen(f.key(), f.nonce(), f.aad(),
                            f.sealed()), "gm-crypto accepted " + forged);
                }
            }
        }
    }

    /** Inputs too short to hold a tag are refused by both. */
    @Test
    void inputsShorterThanATagAreRefusedByBoth() {
        RandomCases cases = RandomCases.of("kona-sm4-gcm-short");
        for (int length = 0; length < 16; length++) {
            byte[] key = cases.bytes(16);
            byte[] nonce = cases.bytes(12);
            byte[] aad = cases.bytes(cases.between(0, 20));
            byte[] input = cases.bytes(length);
            String where = cases.where(length, describe(key, nonce, aad, input));
            assertThrows(AEADBadTagException.class, () -> kona.sm4GcmOpen(key, nonce, aad, input), "Kona, " + where);
            assertThrows(BadCiphertextException.class, () -> ours.gcmOpen(key, nonce, aad, input),
                    "gm-crypto, " + where);
        }
    }

    /**
     * GCM counts with inc32 (SP 800-38D §6.2): only the low 32 bits of the counter block, modulo 2^32. With a 12-byte
     * nonce the counter starts at 2 and never gets near the wrap; with a hashed nonce J0 is arbitrary. A 16-byte nonce
     * is chosen ({@link GcmPreCounter}) so that the low word of J0 is 2^32 − 1 − k, and the counter wraps after k
     * blocks. Both sides must keep the upper 96 bits as they are (an implementation carrying into them, as CTR
     * does, goes wrong here); the expected keystream is Kona's ECB of the counter blocks worked out by the definition.
     */
    @Test
    void theCounterWrapsWithinItsLow32BitsForHashedNonces() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm4-gcm-inc32-wrap");
        for (int i = 0; i < 16; i++) {
            byte[] key = cases.bytes(16);
            byte[] h = kona.sm4("SM4/ECB/NoPadding", Cipher.ENCRYPT_MODE, key, null, new byte[16]);
            byte[] j0 = cases.bytes(16);
            int k = i % 4;
            Arrays.fill(j0, 12, 16, (byte) 0xff);
            j0[15] = (byte) (0xff - k);
            byte[] nonce = GcmPreCounter.nonceFor(h, j0);
            assertArrayEquals(j0, GcmPreCounter.j0Of(h, nonce), "GcmPreCounter's algebra, case " + i);
            byte[] aad = cases.bytes(cases.between(0, 40));
            byte[] plaintext = cases.bytes(cases.between(16 * (k + 2) + 1, 200));
            String where = cases.where(i, "J0 " + HexFormat.of().formatHex(j0) + ", "
                    + describe(key, nonce, aad, plaintext));

            byte[] counterBlocks = ExpectedCounterBlocks.inc32(j0, ExpectedCounterBlocks.blocksFor(plaintext.length));
            byte[] expected = ExpectedCounterBlocks.xor(plaintext,
                    kona.sm4("SM4/ECB/NoPadding", Cipher.ENCRYPT_MODE, key, null, counterBlocks));
            byte[] oursSealed = ours.gcmSeal(key, nonce, aad, plaintext);
            byte[] konasSealed = kona.sm4GcmSeal(key, nonce, aad, plaintext);
            assertArrayEquals(expected, Arrays.copyOf(oursSealed, plaintext.length),
                    "gm-crypto's ciphertext vs inc32 counters from J0, " + where);
            assertArrayEquals(expected, Arrays.copyOf(konasSealed, plaintext.length),
                    "Kona's ciphertext vs inc32 counters from J0, " + where);
            assertArrayEquals(konasSealed, oursSealed, "same ciphertext and tag, " + where);
            assertArrayEquals(plaintext, kona.sm4GcmOpen(key, nonce, aad, oursSealed), "Kona opens ours, " + where);
            assertArrayEquals(plaintext, ours.gcmOpen(key, nonce, aad, konasSealed), "ours opens Kona's, " + where);
        }
    }

    private static List<Forgery> forgeries(RandomCases cases, byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
        int ctLength = sealed.length - 16;
        List<Forgery> out = new ArrayList<>();
        if (ctLength > 0) {
            int bit = cases.index(ctLength * 8);
            out.add(new Forgery("ciphertext bit " + bit + " flipped", key, nonce, aad, flip(sealed, bit)));
        }
        int tagBit = ctLength * 8 + cases.index(128);
        out.add(new Forgery("tag bit " + (tagBit - ctLength * 8) + " flipped", key, nonce, aad, flip(sealed, tagBit)));
        if (aad.length > 0) {
            int bit = cases.index(aad.length * 8);
            out.add(new Forgery("AAD bit " + bit + " flipped", key, nonce, flip(aad, bit), sealed));
            out.add(new Forgery("AAD's last byte removed", key, nonce, Arrays.copyOf(aad, aad.length - 1), sealed));
        } else {
            out.add(new Forgery("a zero AAD byte where there was none", key, nonce, new byte[1], sealed));
        }
        int nonceBit = cases.index(nonce.length * 8);
        out.add(new Forgery("nonce bit " + nonceBit + " flipped", key, flip(nonce, nonceBit), aad, sealed));
        out.add(new Forgery("last byte cut off", key, nonce, aad, Arrays.copyOf(sealed, sealed.length - 1)));
        out.add(new Forgery("a zero byte appended", key, nonce, aad, Arrays.copyOf(sealed, sealed.length + 1)));
        byte[] otherKey = key.clone();
        otherKey[cases.index(16)] ^= 0x01;
        out.add(new Forgery("another key", otherKey, nonce, aad, sealed));
        return out;
    }

    private static byte[] flip(byte[] a, int bit) {
        byte[] out = a.clone();
        out[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        return out;
    }

    /** 12 bytes in four cases out of five; otherwise one of the other lengths, or 1 to 200 bytes at random. */
    private static int nonceLength(int i, RandomCases cases) {
        if (i % 5 != 4) {
            return 12;
        }
        int j = i / 5;
        return j < OTHER_NONCE_LENGTHS.length ? OTHER_NONCE_LENGTHS[j] : cases.between(1, 200);
    }

    private static String describe(byte[] key, byte[] nonce, byte[] aad, byte[] input) {
        HexFormat hex = HexFormat.of();
        return input.length + " bytes, key " + hex.formatHex(key) + ", nonce " + hex.formatHex(nonce) + ", "
                + aad.length + "-byte AAD " + hex.formatHex(aad);
    }
}
