package io.gmgw.ipsec.isakmp;

import java.util.Optional;

/**
 * ISAKMP payload types (RFC 2408 §3.1, NAT-D and NAT-OA of RFC 3947 §3.2/§5.2) and the GM symmetric-key payload
 * (ipsec.md §3: 128, "Private use" in Wireshark, carries the SM2-encrypted Sk in main-mode messages 3 and 4).
 * A type not listed here is refused by the decoder with INVALID-PAYLOAD-TYPE (RFC 2408 §5.1).
 */
public enum PayloadType {
    NONE(0),
    SECURITY_ASSOCIATION(1),
    PROPOSAL(2),
    TRANSFORM(3),
    KEY_EXCHANGE(4),
    IDENTIFICATION(5),
    CERTIFICATE(6),
    CERTIFICATE_REQUEST(7),
    HASH(8),
    SIGNATURE(9),
    NONCE(10),
    NOTIFICATION(11),
    DELETE(12),
    VENDOR_ID(13),
    NAT_D(20),
    NAT_OA(21),
    SYMMETRIC_KEY(128);

    private final int code;

    PayloadType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<PayloadType> of(int code) {
        for (PayloadType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
