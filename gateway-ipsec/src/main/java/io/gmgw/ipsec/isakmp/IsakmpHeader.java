package io.gmgw.ipsec.isakmp;

/**
 * The fixed 28-byte ISAKMP header (RFC 2408 §3.1) without its length field, which the encoder computes and the
 * decoder checks against the datagram.
 *
 * @param initiatorCookie CKY-I, 8 bytes chosen by the initiator
 * @param responderCookie CKY-R, zero in the first message of an exchange (RFC 2408 §2.5.3)
 * @param nextPayload the type of the first payload (inside the ciphertext when {@link #encrypted()})
 * @param version the version byte: {@value #VERSION_GM} for the GM profile, {@value #VERSION_RFC2409} for RFC 2409
 *     peers (ipsec.md §1 [A])
 * @param flags the flags byte, a combination of {@link #FLAG_ENCRYPTION}, {@link #FLAG_COMMIT},
 *     {@link #FLAG_AUTHENTICATION_ONLY}
 * @param messageId zero in phase 1, random per quick mode and informational exchange
 */
public record IsakmpHeader(long initiatorCookie, long responderCookie, PayloadType nextPayload, int version,
        ExchangeType exchangeType, int flags, int messageId) {
    public static final int LENGTH = 28;
    /** Major version 1, minor 1: the GM/T 0022 / GB/T 36968 peers. */
    public static final int VERSION_GM = 0x11;
    /** Major version 1, minor 0: RFC 2409 peers such as strongSwan. */
    public static final int VERSION_RFC2409 = 0x10;
    public static final int FLAG_ENCRYPTION = 0x01;
    public static final int FLAG_COMMIT = 0x02;
    public static final int FLAG_AUTHENTICATION_ONLY = 0x04;
    public static final int KNOWN_FLAGS = FLAG_ENCRYPTION | FLAG_COMMIT | FLAG_AUTHENTICATION_ONLY;

    public IsakmpHeader {
        java.util.Objects.requireNonNull(nextPayload, "nextPayload");
        java.util.Objects.requireNonNull(exchangeType, "exchangeType");
        if (version != VERSION_GM && version != VERSION_RFC2409) {
            throw new IllegalArgumentException("ISAKMP version must be 0x11 (GM) or 0x10 (RFC 2409): "
                    + Integer.toHexString(version));
        }
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("unknown ISAKMP flags: 0x" + Integer.toHexString(flags));
        }
    }

    public boolean encrypted() {
        return (flags & FLAG_ENCRYPTION) != 0;
    }

    public IsakmpHeader withNextPayload(PayloadType type) {
        return new IsakmpHeader(initiatorCookie, responderCookie, type, version, exchangeType, flags, messageId);
    }
}
