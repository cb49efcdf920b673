package io.gmgw.crypto.sm3;

import io.gmgw.crypto.core.ModuleContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * SM3 (GB/T 32905-2016, GM/T 0004-2012) and what is built on it: HMAC-SM3, the key derivation function of
 * GB/T 32918.4 §5.4.3 (GM/T 0003.4) and the TLS 1.2-style PRF P_SM3 that TLCP uses (GM/T 0024-2014 §5.2.2 / RFC 5246
 * §5 with HMAC-SM3). Obtained from {@link io.gmgw.crypto.CryptoModule#sm3()}; thread-safe (state lives in the
 * objects it returns).
 */
public final class Sm3 {
    public static final int DIGEST_LENGTH = 32;
    public static final int BLOCK_LENGTH = 64;

    private final ModuleContext module;

    public Sm3(ModuleContext module) {
        this.module = Objects.requireNonNull(module, "module");
    }

    /** A new incremental digest; not thread-safe. */
    public Sm3Digest newDigest() {
        module.check();
        return new Sm3Digest(module);
    }

    /** SM3 of the concatenation of {@code parts}. */
    public byte[] hash(byte[]... parts) {
        Sm3Digest d = newDigest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        return d.doFinal();
    }

    /** A new HMAC-SM3 (RFC 2104) keyed with {@code key}; not thread-safe, reusable after each {@code doFinal}. */
    public HmacSm3 hmac(byte[] key) {
        module.check();
        return new HmacSm3(module, key);
    }

    /** HMAC-SM3 of the concatenation of {@code parts}. */
    public byte[] hmac(byte[] key, byte[]... parts) {
        HmacSm3 mac = hmac(key);
        try {
            for (byte[] p : parts) {
                mac.update(p, 0, p.length);
            }
            return mac.doFinal();
        } finally {
            mac.destroy();
        }
    }

    /**
     * The SM3 key derivation function KDF(Z, klen) of GB/T 32918.4-2016 §5.4.3: Hash(Z ‖ ct) for a 32-bit
     * big-endian counter ct = 1, 2, …, concatenated and cut to {@code length} bytes.
     */
    public byte[] kdf(byte[] z, int length) {
        byte[] out = new byte[length];
        kdf(z, 0, z.length, out, 0, length);
        return out;
    }

    /** {@link #kdf(byte[], int)} into an existing buffer. */
    public void kdf(byte[] z, int zOff, int zLen, byte[] out, int outOff, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("KDF length must not be negative: " + length);
        }
        Objects.checkFromIndexSize(outOff, length, out.length);
        Sm3Digest d = newDigest();
        byte[] block = new byte[DIGEST_LENGTH];
        byte[] ct = new byte[4];
        int counter = 1;
        for (int done = 0; done < length; done += DIGEST_LENGTH, counter++) {
            ct[0] = (byte) (counter >>> 24);
            ct[1] = (byte) (counter >>> 16);
            ct[2] = (byte) (counter >>> 8);
            ct[3] = (byte) counter;
            d.update(z, zOff, zLen);
            d.update(ct, 0, 4);
            d.doFinal(block, 0);
            System.arraycopy(block, 0, out, outOff + done, Math.min(DIGEST_LENGTH, length - done));
        }
        Arrays.fill(block, (byte) 0);
    }

    /**
     * PRF(secret, label, seed) = P_SM3(secret, label ‖ seed) (RFC 5246 §5 with HMAC-SM3, as GM/T 0024 §5.2.2
     * specifies for TLCP), {@code length} bytes.
     */
    public byte[] prf(byte[] secret, String label, byte[] seed, int length) {
        byte[] out = new byte[length];
        prf(secret, label.getBytes(StandardCharsets.US_ASCII), seed, out, 0, length);
        return out;
    }

    /** {@link #prf(byte[], String, byte[], int)} into an existing buffer. */
    public void prf(byte[] secret, byte[] label, byte[] seed, byte[] out, int outOff, int length) {
        Objects.checkFromIndexSize(outOff, length, out.length);
        HmacSm3 mac = hmac(secret);
        try {
            prf(mac, label, seed, out, outOff, length);
        } finally {
            mac.destroy();
        }
    }

    /**
     * The PRF with an HMAC-SM3 already keyed with the secret, so that several derivations from one secret (TLCP's key
     * block and both Finished values from the master secret) key it once; {@code mac} is left reset for the next
     * message, not destroyed.
     */
    public void prf(HmacSm3 mac, byte[] label, byte[] seed, byte[] out, int outOff, int length) {
        Objects.checkFromIndexSize(outOff, length, out.length);
        byte[] a = new byte[DIGEST_LENGTH];
        byte[] block = new byte[DIGEST_LENGTH];
        try {
            // A(1) = HMAC(secret, label ‖ seed)
            mac.update(label, 0, label.length);
            mac.update(seed, 0, seed.length);
            mac.doFinal(a, 0);
            for (int done = 0; done < length; done += DIGEST_LENGTH) {
                // output block = HMAC(secret, A(i) ‖ label ‖ seed)
                mac.update(a, 0, a.length);
                mac.update(label, 0, label.length);
                mac.update(seed, 0, seed.length);
                mac.doFinal(block, 0);
                System.arraycopy(block, 0, out, outOff + done, Math.min(DIGEST_LENGTH, length - done));
                if (done + DIGEST_LENGTH < length) {
                    // A(i + 1) = HMAC(secret, A(i)), only when another block follows
                    mac.update(a, 0, a.length);
                    mac.doFinal(a, 0);
                }
            }
        } finally {
            Arrays.fill(a, (byte) 0);
            Arrays.fill(block, (byte) 0);
        }
    }
}
