package io.gmgw.ipsec.isakmp;

import java.util.Optional;

/**
 * ISAKMP exchange types (RFC 2408 §3.1, quick mode and new group of RFC 2409 §9). The GM profile uses identity
 * protection (main mode), informational and quick mode only (ipsec.md §1); the others are named so that the engine
 * can answer them with UNSUPPORTED-EXCHANGE-TYPE instead of the codec calling them malformed.
 */
public enum ExchangeType {
    BASE(1),
    IDENTITY_PROTECTION(2),
    AUTHENTICATION_ONLY(3),
    AGGRESSIVE(4),
    INFORMATIONAL(5),
    QUICK_MODE(32),
    NEW_GROUP_MODE(33);

    private final int code;

    ExchangeType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<ExchangeType> of(int code) {
        for (ExchangeType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
