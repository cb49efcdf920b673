package io.gmgw.ipsec.ike.keys;

import io.gmgw.crypto.sm3.Sm3;
import java.util.Objects;

/** HMAC-SM3 / SM3 through gm-crypto's module (so its self-tests and error state apply). */
final class Sm3Prf implements IkePrf {
    private final Sm3 sm3;

    Sm3Prf(Sm3 sm3) {
        this.sm3 = Objects.requireNonNull(sm3, "sm3");
    }

    @Override
    public int length() {
        return Sm3.DIGEST_LENGTH;
    }

    @Override
    public byte[] prf(byte[] key, byte[]... parts) {
        return sm3.hmac(key, parts);
    }

    @Override
    public byte[] hash(byte[]... parts) {
        return sm3.hash(parts);
    }
}
