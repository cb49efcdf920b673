package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * The GM symmetric-key (SK) payload, type 128 (ipsec.md §2/§3 [A]): the fresh symmetric key Sk_i or Sk_r,
 * SM2-encrypted to the peer's encryption certificate; the ciphertext encoding is a wire-profile setting.
 */
public record SymmetricKey(Octets ciphertext) implements Payload {
    public SymmetricKey {
        java.util.Objects.requireNonNull(ciphertext, "ciphertext");
    }

    @Override
    public PayloadType type() {
        return PayloadType.SYMMETRIC_KEY;
    }
}
