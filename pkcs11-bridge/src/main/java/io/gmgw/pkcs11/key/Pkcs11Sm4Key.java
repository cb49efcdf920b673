package io.gmgw.pkcs11.key;

import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.Sm4KeyHandle;
import io.gmgw.pkcs11.Attribute;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.CkRv;
import io.gmgw.pkcs11.Mechanism;
import io.gmgw.pkcs11.Pkcs11Exception;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.profile.VendorProfile;
import io.gmgw.pkcs11.token.Token;
import java.util.Arrays;

/**
 * An SM4 secret key object in a PKCS#11 token ({@code pkcs11:...;object=LABEL;type=secret-key}): blocks go in and
 * come back encrypted with the profile's vendor SM4-ECB mechanism; the key never leaves the token. The object handle
 * is found again after the token was re-inserted; with the token pulled out or its PIN refused every call fails.
 * Thread-safe: calls borrow sessions from the token's pool.
 */
public final class Pkcs11Sm4Key implements Sm4KeyHandle {
    private final Token token;
    private final VendorProfile profile;
    private final String label;
    private final byte[] id;
    private final String description;
    private final Runnable onClose;
    // guarded by this
    private long cachedGeneration = -1;
    private long cachedHandle;
    private boolean closed;

    private Pkcs11Sm4Key(Token token, String label, byte[] id, String description, Runnable onClose) {
        this.token = token;
        this.profile = token.module().profile();
        this.label = label;
        this.id = id == null ? null : id.clone();
        this.description = description;
        this.onClose = onClose;
    }

    /**
     * Finds the secret key ({@code label} and/or {@code id}) in the token (logging in) and checks that it is an SM4
     * key the token can encrypt with under its vendor profile.
     */
    public static Pkcs11Sm4Key open(Token token, String label, byte[] id, String description, Runnable onClose) {
        if (label == null && id == null) {
            throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, "the pkcs11: URI " + description
                    + " names no key: add object=LABEL and/or id=%xx...");
        }
        VendorProfile profile = token.module().profile();
        return token.call((lib, s) -> {
            String where = token.describe();
            if (profile.ckkSm4() == 0 || profile.sm4Ecb() == 0
                    || Arrays.stream(lib.mechanisms(lib.sessionInfo(s).slotId())).noneMatch(m -> m == profile.sm4Ecb())) {
                throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, where + " offers no SM4-ECB under"
                        + " vendor profile " + profile.name() + " (SoftHSM 2 has no SM4 at all): keep the SM4 key in"
                        + " a token that has SM4, or choose the right profile with x-profile=");
            }
            long h = TokenKeys.findOne(lib, s, Ck.CKO_SECRET_KEY, label, id, where);
            byte[] kt = lib.attribute(s, h, Ck.CKA_KEY_TYPE);
            if (kt == null || Attribute.toLong(kt) != profile.ckkSm4()) {
                throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, "the secret key "
                        + (label != null ? "'" + label + "' " : "") + "on " + where + " is not an SM4 key (CKK 0x"
                        + Long.toHexString(profile.ckkSm4()) + " under vendor profile " + profile.name() + ")");
            }
            Pkcs11Sm4Key key = new Pkcs11Sm4Key(token, label, id, description, onClose);
            synchronized (key) {
                key.cachedGeneration = token.generation();
                key.cachedHandle = h;
            }
            return key;
        });
    }

    @Override
    public byte[] encryptBlocks(byte[] blocks) {
        if (blocks.length == 0 || blocks.length % 16 != 0) {
            throw new IllegalArgumentException("SM4-ECB takes whole 16-byte blocks, got " + blocks.length + " bytes");
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("SM4 key " + description + " is closed");
            }
        }
        Mechanism ecb = Mechanism.of(profile.sm4Ecb());
        return token.call((lib, s) -> {
            try {
                return lib.encrypt(s, ecb, handle(lib, s, false), blocks);
            } catch (Pkcs11Exception e) {
                if (e.code() != CkRv.KEY_HANDLE_INVALID && e.code() != CkRv.OBJECT_HANDLE_INVALID) {
                    throw e;
                }
                return lib.encrypt(s, ecb, handle(lib, s, true), blocks);
            }
        });
    }

    private long handle(Pkcs11Library lib, long session, boolean refind) {
        long gen = token.generation();
        synchronized (this) {
            if (!refind && gen == cachedGeneration) {
                return cachedHandle;
            }
        }
        long h = TokenKeys.findOne(lib, session, Ck.CKO_SECRET_KEY, label, id, token.describe());
        synchronized (this) {
            cachedGeneration = gen;
            cachedHandle = h;
        }
        return h;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        onClose.run();
    }

    @Override
    public String toString() {
        return "Pkcs11Sm4Key[" + description + "]";
    }
}
