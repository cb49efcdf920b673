package io.gmgw.ipsec.esp;

/**
 * Why an ESP packet was not delivered. Each is counted per SA ({@link EspCounters}); none is answered (RFC 4303 §3.4:
 * the receiver discards and, at most, logs an auditable event).
 */
public enum EspDrop {
    /** Shorter than header, one aligned block and ICV, or a ciphertext that is not a whole number of blocks. */
    MALFORMED,
    /** No inbound SA has this SPI (RFC 4303 §3.4.2). */
    UNKNOWN_SPI,
    /** The sequence number was seen already, is behind the window, or is zero (§3.4.3). */
    REPLAYED,
    /** The ICV did not verify (§3.4.4): forged, corrupted, or under another key. */
    AUTH_FAILED,
    /** After decryption: padding not 1, 2, 3… (§2.4) or a pad length longer than the payload. */
    BAD_PADDING,
    /** A next header other than IPv4 (4), IPv6 (41) or a dummy packet (59) in tunnel mode. */
    BAD_NEXT_HEADER,
    /** A dummy packet (next header 59, §2.6): dropped silently, as meant. */
    DUMMY,
    /** The inner packet is not a whole IPv4/IPv6 packet of the decrypted length. */
    BAD_INNER_PACKET,
    /** The inner packet's addresses are outside the SA's traffic selectors (§5: tunnel mode policy check). */
    SELECTOR_MISMATCH,
    /** The SA was removed while the packet was in flight. */
    SA_GONE,
    /** Outbound: the 32-bit sequence counter is used up (§3.3.3: it never cycles); the SA must be replaced. */
    SEQUENCE_EXHAUSTED,
    /** Outbound: no SA's selectors hold the packet's addresses (or it is not IPv4), so it must not leave. */
    NO_SA,
    /** Outbound: the ESP packet would exceed the largest IPv4 datagram UDP can carry. */
    TOO_LARGE;

    private static final EspDrop[] ALL = values();

    /** The negative code {@link EspInboundSa#decapsulate} returns for this drop. */
    public int code() {
        return -1 - ordinal();
    }

    /** The drop a negative result code stands for. */
    public static EspDrop ofCode(int code) {
        if (code >= 0 || -1 - code >= ALL.length) {
            throw new IllegalArgumentException(code + " is not a drop code");
        }
        return ALL[-1 - code];
    }
}
