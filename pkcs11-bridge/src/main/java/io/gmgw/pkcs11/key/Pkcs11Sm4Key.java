package io.gmgw.pkcs11.key;

import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.Sm4KeyHandle;
import io.gmgw.pkcs11.Attribute;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.Mechanism;
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
    private final TokenKeyObject key;
    private final VendorProfile profile;
    private final String description;

    private Pkcs11Sm4Key(TokenKeyObject key, String description) {
        this.key = key;
        this.profile = key.token().module().profile();
        this.description = description;
    }

    /**
     * Finds the secret key ({@code label} and/or {@code id}) in the token (logging in) and checks that it is an SM4
     * key the token can encrypt with under its vendor profile.
     */
    public static Pkcs11Sm4Key open(Token token, String label, byte[] id, String description, Runnable onClose) {
        TokenKeyObject.requireName(label, id, description);
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
            return new Pkcs11Sm4Key(new TokenKeyObject(token, Ck.CKO_SECRET_KEY, label, id, h, onClose), description);
        });
    }

    @Override
    public byte[] encryptBlocks(byte[] blocks) {
        if (blocks.length == 0 || blocks.length % 16 != 0) {
            throw new IllegalArgumentException("SM4-ECB takes whole 16-byte blocks, got " + blocks.length + " bytes");
        }
        if (key.isClosed()) {
            throw new IllegalStateException("SM4 key " + description + " is closed");
        }
        Mechanism ecb = Mechanism.of(profile.sm4Ecb());
        return key.withKey((lib, s, k) -> lib.encrypt(s, ecb, k, blocks));
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        key.close();
    }

    @Override
    public String toString() {
        return "Pkcs11Sm4Key[" + description + "]";
    }
}
