package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * Key exchange payload (RFC 2408 §3.7): the Diffie-Hellman public value (RFC 2409 main mode and PFS quick mode; not
 * used in GM phase 1, ipsec.md §3).
 */
public record KeyExchange(Octets data) implements Payload {
    public KeyExchange {
        java.util.Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.KEY_EXCHANGE;
    }
}
