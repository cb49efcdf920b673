package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * Nonce payload (RFC 2408 §3.13), 8 to 256 bytes (RFC 2409 §5). In GM main-mode messages 3 and 4 the body is encrypted
 * under Sk and arrives as a SealedBody instead (ipsec.md §2).
 */
public record Nonce(Octets data) implements Payload {
    public Nonce {
        java.util.Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.NONCE;
    }
}
