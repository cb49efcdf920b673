package io.gmgw.crypto.sm3;

import io.gmgw.crypto.CryptoModule;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** HMAC-SM3 (RFC 2104 with SM3, 32-byte tag). Not thread-safe; {@link #doFinal} resets it for the next message. */
public final class HmacSm3 implements Destroyable {
    public static final int MAC_LENGTH = Sm3.DIGEST_LENGTH;

    private final CryptoModule module;
    private final HMac mac = new HMac(new SM3Digest());
    private boolean destroyed;

    HmacSm3(CryptoModule module, byte[] key) {
        this.module = module;
        byte[] k = key.clone();
        mac.init(new KeyParameter(k));
        Arrays.fill(k, (byte) 0);
    }

    public HmacSm3 update(byte[] in, int off, int len) {
        requireLive();
        mac.update(in, off, len);
        return this;
    }

    public HmacSm3 update(byte[] in) {
        return update(in, 0, in.length);
    }

    /** Writes the 32-byte tag at {@code out[off]} and resets for the next message under the same key. */
    public void doFinal(byte[] out, int off) {
        requireLive();
        module.check();
        mac.doFinal(out, off);
    }

    public byte[] doFinal() {
        byte[] out = new byte[MAC_LENGTH];
        doFinal(out, 0);
        return out;
    }

    public void reset() {
        mac.reset();
    }

    /** Overwrites the keyed state (the inner and outer pads live in BC's digests) with an all-zero key. */
    @Override
    public void destroy() {
        if (!destroyed) {
            mac.init(new KeyParameter(new byte[MAC_LENGTH]));
            destroyed = true;
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void requireLive() {
        if (destroyed) {
            throw new IllegalStateException("HMAC-SM3 key has been destroyed");
        }
    }
}
