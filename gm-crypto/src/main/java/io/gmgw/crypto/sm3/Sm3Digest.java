package io.gmgw.crypto.sm3;

import io.gmgw.crypto.core.ModuleContext;
import org.bouncycastle.crypto.digests.SM3Digest;

/** An incremental SM3 computation. Not thread-safe; {@link #doFinal} resets it for reuse. */
public final class Sm3Digest {
    private final ModuleContext module;
    private final SM3Digest digest;

    Sm3Digest(ModuleContext module) {
        this.module = module;
        this.digest = new SM3Digest();
    }

    private Sm3Digest(ModuleContext module, SM3Digest state) {
        this.module = module;
        this.digest = new SM3Digest(state);
    }

    public Sm3Digest update(byte b) {
        digest.update(b);
        return this;
    }

    public Sm3Digest update(byte[] in) {
        return update(in, 0, in.length);
    }

    public Sm3Digest update(byte[] in, int off, int len) {
        digest.update(in, off, len);
        return this;
    }

    /** Writes the 32-byte digest at {@code out[off]} and resets. */
    public void doFinal(byte[] out, int off) {
        module.check();
        digest.doFinal(out, off);
    }

    public byte[] doFinal() {
        byte[] out = new byte[Sm3.DIGEST_LENGTH];
        doFinal(out, 0);
        return out;
    }

    /** An independent copy of the current state, e.g. for a running handshake hash. */
    public Sm3Digest copy() {
        return new Sm3Digest(module, digest);
    }

    public void reset() {
        digest.reset();
    }
}
