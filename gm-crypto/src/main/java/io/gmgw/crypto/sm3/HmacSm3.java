package io.gmgw.crypto.sm3;

import io.gmgw.crypto.core.ModuleContext;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * HMAC-SM3 (RFC 2104 with SM3, 32-byte tag). Not thread-safe; {@link #doFinal} resets it for the next message.
 *
 * <p>The construction is written here, on Bouncy Castle's SM3, rather than taken from BC's {@code HMac}, so that the
 * keyed state can be wiped: {@code HMac} keeps the hash states after the padded key in copies it makes anew on every
 * {@code init}, so re-keying it (the only way in) leaves the old key's states behind, unwiped, for the collector.
 * Here the two states live in digests owned for the object's life, every message starts from a copy of one of them
 * into a third, and {@link #destroy()} overwrites all three in place.
 */
public final class HmacSm3 implements Destroyable {
    public static final int MAC_LENGTH = Sm3.DIGEST_LENGTH;
    private static final int BLOCK = Sm3.BLOCK_LENGTH;
    private static final byte[] ZERO_BLOCK = new byte[BLOCK];

    private final ModuleContext module;
    /** SM3 after the block K ⊕ ipad, and after K ⊕ opad: the keyed state, nothing else of the key is kept. */
    private final SM3Digest innerStart;
    private final SM3Digest outerStart;
    /** The message being authenticated (from innerStart), then its outer hash (from outerStart). */
    private final SM3Digest work;
    private final byte[] innerHash = new byte[MAC_LENGTH];
    private boolean destroyed;

    HmacSm3(ModuleContext module, byte[] key) {
        this(module, key, SM3Digest::new);
    }

    /**
     * With the three digests made by {@code digests}: tests give digests that count SM3 compressions, to pin the
     * constant-cost MAC checks of the TLCP and ESP record layers (gm-crypto's test jar, {@code Sm3CompressionCounter}).
     */
    HmacSm3(ModuleContext module, byte[] key, Supplier<SM3Digest> digests) {
        this.module = module;
        this.innerStart = digests.get();
        this.outerStart = digests.get();
        this.work = digests.get();
        byte[] block = new byte[BLOCK];
        if (key.length > BLOCK) {
            // RFC 2104 §2: a key longer than the block is hashed first (then zero-padded like any short key)
            work.update(key, 0, key.length);
            work.doFinal(block, 0);
        } else {
            System.arraycopy(key, 0, block, 0, key.length);
        }
        for (int i = 0; i < BLOCK; i++) {
            block[i] ^= 0x36;
        }
        innerStart.update(block, 0, BLOCK);
        for (int i = 0; i < BLOCK; i++) {
            block[i] ^= 0x36 ^ 0x5c;
        }
        outerStart.update(block, 0, BLOCK);
        Arrays.fill(block, (byte) 0);
        if (key.length > BLOCK) {
            wipe(work); // held the long key's words
        }
        work.reset(innerStart);
    }

    public HmacSm3 update(byte[] in, int off, int len) {
        requireLive();
        work.update(in, off, len);
        return this;
    }

    public HmacSm3 update(byte[] in) {
        return update(in, 0, in.length);
    }

    /** Writes the 32-byte tag at {@code out[off]} and resets for the next message under the same key. */
    public void doFinal(byte[] out, int off) {
        requireLive();
        module.check();
        work.doFinal(innerHash, 0);
        work.reset(outerStart);
        work.update(innerHash, 0, MAC_LENGTH);
        work.doFinal(out, off);
        work.reset(innerStart);
    }

    public byte[] doFinal() {
        byte[] out = new byte[MAC_LENGTH];
        doFinal(out, 0);
        return out;
    }

    /** Drops the message so far; the key stays. */
    public void reset() {
        work.reset(innerStart);
    }

    /**
     * Overwrites the keyed state in place: each digest is reset and made to compress a zero block, which rewrites its
     * chaining value, its message words and its expanded message schedule, then reset again.
     */
    @Override
    public void destroy() {
        if (!destroyed) {
            destroyed = true;
            wipe(innerStart);
            wipe(outerStart);
            wipe(work);
            Arrays.fill(innerHash, (byte) 0);
        }
    }

    private static void wipe(SM3Digest d) {
        d.reset();
        d.update(ZERO_BLOCK, 0, BLOCK);
        d.reset();
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** The three digests, for the test that proves {@link #destroy()} overwrites them. */
    List<SM3Digest> digests() {
        return List.of(innerStart, outerStart, work);
    }

    private void requireLive() {
        if (destroyed) {
            throw new IllegalStateException("HMAC-SM3 key has been destroyed");
        }
    }
}
