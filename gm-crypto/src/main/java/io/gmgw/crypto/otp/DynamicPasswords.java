package io.gmgw.crypto.otp;

import io.gmgw.crypto.sm3.Sm3;
import io.gmgw.crypto.sm4.Sm4;
import io.gmgw.crypto.sm4.Sm4Ecb;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The dynamic-password algorithm of GB/T 38556-2020 / GM/T 0021-2012 §6: ID = T ‖ C ‖ Q, S = F(K, ID) with SM3 or
 * SM4, OD = Truncate(S), P = OD mod 10^N written with N digits. A pure function through the module's own SM3 and SM4;
 * thread-safe. Every intermediate value that depends on the seed is wiped before a call returns.
 *
 * <p>The standard's text was not available; each step follows the public reproductions of its appendix code and the
 * implementations that agree with them (docs/otp.md gives the sources and the choices where they disagree). The SM4
 * worked example that those sources publish is a test (vectors/otp/gbt38556.txt).
 */
public final class DynamicPasswords {
    /** K is at least 128 bits (GM/T 0021-2012 §6.1). */
    public static final int MIN_SEED_LENGTH = 16;
    /** Longest seed accepted; no token ships more than a SM3 block of seed. */
    public static final int MAX_SEED_LENGTH = 64;
    /** ID is at least 128 bits: shorter ones are padded with zero bytes at the end. */
    static final int MIN_ID_LENGTH = 16;

    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000};

    private final Sm3 sm3;
    private final Sm4 sm4;

    public DynamicPasswords(Sm3 sm3, Sm4 sm4) {
        this.sm3 = Objects.requireNonNull(sm3, "sm3");
        this.sm4 = Objects.requireNonNull(sm4, "sm4");
    }

    /** The password a token with {@code profile} and {@code seed} shows for {@code factors}. */
    public String password(OtpProfile profile, byte[] seed, OtpFactors factors) {
        byte[] id = id(factors, profile.layout());
        try {
            return decimal(outputValue(profile.algorithm(), seed, id), profile.digits());
        } finally {
            Arrays.fill(id, (byte) 0);
        }
    }

    /** OD = Truncate(F(K, ID)), the unsigned 32-bit value the decimal password is taken from. */
    public long outputValue(OtpAlgorithm algorithm, byte[] seed, byte[] id) {
        byte[] s = compress(algorithm, seed, id);
        try {
            return truncate(s);
        } finally {
            Arrays.fill(s, (byte) 0);
        }
    }

    /** S = F(K, ID): 32 bytes for SM3, 16 for SM4. */
    public byte[] compress(OtpAlgorithm algorithm, byte[] seed, byte[] id) {
        checkSeed(seed);
        if (id.length < MIN_ID_LENGTH) {
            throw new IllegalArgumentException("ID must be at least " + MIN_ID_LENGTH + " bytes, got " + id.length);
        }
        return switch (algorithm) {
            case SM3 -> sm3.hash(seed, id);
            case SM4 -> sm4Chain(seed, id);
        };
    }

    /**
     * ID = T ‖ C ‖ Q (T 8 bytes and C 4 bytes, both big-endian; Q its ASCII bytes), padded with zero bytes at the end to
     * 16 bytes when shorter. Factors the token does not use are written as {@code layout} says.
     */
    public static byte[] id(OtpFactors factors, IdLayout layout) {
        boolean always = layout == IdLayout.TIME_AND_EVENT_ALWAYS;
        byte[] q = factors.challenge().map(c -> c.getBytes(StandardCharsets.US_ASCII)).orElse(new byte[0]);
        int length = (factors.time().isPresent() || always ? Long.BYTES : 0)
                + (factors.counter().isPresent() || always ? Integer.BYTES : 0) + q.length;
        ByteBuffer id = ByteBuffer.allocate(Math.max(MIN_ID_LENGTH, length)); // big-endian, zero-filled
        if (factors.time().isPresent() || always) {
            id.putLong(factors.time().orElse(0));
        }
        if (factors.counter().isPresent() || always) {
            id.putInt((int) factors.counter().orElse(0));
        }
        id.put(q);
        return id.array();
    }

    /**
     * Truncate(S) (GM/T 0021-2012 §6.3): S cut into big-endian 32-bit words (8 for SM3, 4 for SM4), added modulo 2^32.
     * The standard writes the words with a left shift that one source calls cyclic; single bytes shifted by at most 24
     * bits give the same word either way. Unlike RFC 4226 there is no dynamic offset and no masked top bit, so OD is
     * kept unsigned in a long.
     */
    public static long truncate(byte[] s) {
        if (s.length != 32 && s.length != 16) {
            throw new IllegalArgumentException("S is 32 (SM3) or 16 (SM4) bytes, got " + s.length);
        }
        long sum = 0;
        for (int i = 0; i < s.length; i += 4) {
            sum += ((s[i] & 0xFFL) << 24) | ((s[i + 1] & 0xFFL) << 16) | ((s[i + 2] & 0xFFL) << 8) | (s[i + 3] & 0xFFL);
        }
        return sum & 0xFFFF_FFFFL;
    }

    /** P = OD mod 10^N, in decimal, left-padded with zeros to N digits (GM/T 0021-2012 §6.3). */
    public static String decimal(long od, int digits) {
        if (digits < OtpProfile.MIN_DIGITS || digits > OtpProfile.MAX_DIGITS) {
            throw new IllegalArgumentException("a dynamic password has " + OtpProfile.MIN_DIGITS + " to "
                    + OtpProfile.MAX_DIGITS + " digits, got " + digits);
        }
        if (od < 0 || od > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("OD is an unsigned 32-bit value, got " + od);
        }
        String p = Long.toString(od % POWERS_OF_TEN[digits]);
        return "0".repeat(digits - p.length()) + p;
    }

    /**
     * The SM4 variant. K and ID are zero-padded to whole 16-byte blocks and processed block by block: the first
     * output is SM4 of ID's first block under K's first block; each further round adds (as 128-bit big-endian integers,
     * modulo 2^128) the previous output to the next block of K and to the next block of ID, and encrypts the one under
     * the other; the shorter of K and ID keeps using its last block, and there are as many rounds as the longer has
     * blocks. This is the reading of the reproduced appendix code (SM4_DPasswd); CnPack instead starts from zero and
     * extends the shorter with zero blocks. Both agree, with GmSSL's SM4-CBC-MAC too, for the common token of one
     * 16-byte seed and an ID of at most 16 bytes (docs/otp.md).
     */
    private byte[] sm4Chain(byte[] seed, byte[] id) {
        byte[] k = padToBlocks(seed);
        byte[] in = padToBlocks(id);
        int kBlocks = k.length / Sm4.BLOCK_LENGTH;
        int idBlocks = in.length / Sm4.BLOCK_LENGTH;
        int rounds = Math.max(kBlocks, idBlocks);
        byte[] key = Arrays.copyOf(k, Sm4.KEY_LENGTH);
        byte[] block = Arrays.copyOf(in, Sm4.BLOCK_LENGTH);
        byte[] out = new byte[Sm4.BLOCK_LENGTH];
        try {
            for (int round = 0; round < rounds; round++) {
                Sm4Ecb ecb = sm4.ecb(key);
                try {
                    ecb.encrypt(block, 0, Sm4.BLOCK_LENGTH, out, 0);
                } finally {
                    ecb.destroy();
                }
                if (round + 1 < rounds) {
                    add128(out, k, Math.min(round + 1, kBlocks - 1) * Sm4.BLOCK_LENGTH, key);
                    add128(out, in, Math.min(round + 1, idBlocks - 1) * Sm4.BLOCK_LENGTH, block);
                }
            }
            return out;
        } finally {
            Arrays.fill(k, (byte) 0);
            Arrays.fill(in, (byte) 0);
            Arrays.fill(key, (byte) 0);
            Arrays.fill(block, (byte) 0);
        }
    }

    /** result = a + b[bOff, bOff + 16) modulo 2^128, both big-endian, the carry running from the last byte. */
    private static void add128(byte[] a, byte[] b, int bOff, byte[] result) {
        int carry = 0;
        for (int i = Sm4.BLOCK_LENGTH - 1; i >= 0; i--) {
            int sum = (a[i] & 0xFF) + (b[bOff + i] & 0xFF) + carry;
            result[i] = (byte) sum;
            carry = sum >>> 8;
        }
    }

    private static byte[] padToBlocks(byte[] data) {
        int blocks = (data.length + Sm4.BLOCK_LENGTH - 1) / Sm4.BLOCK_LENGTH;
        return Arrays.copyOf(data, blocks * Sm4.BLOCK_LENGTH);
    }

    private static void checkSeed(byte[] seed) {
        if (seed.length < MIN_SEED_LENGTH || seed.length > MAX_SEED_LENGTH) {
            throw new IllegalArgumentException("a token seed is " + MIN_SEED_LENGTH + " to " + MAX_SEED_LENGTH
                    + " bytes (GM/T 0021-2012 §6.1: at least 128 bits), got " + seed.length);
        }
    }
}
