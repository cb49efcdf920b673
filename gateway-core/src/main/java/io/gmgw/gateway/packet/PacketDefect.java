package io.gmgw.gateway.packet;

/** Why a packet was refused before any rule saw it; each is counted, none throws out of the data path. */
public enum PacketDefect {
    /** Fewer bytes than the fixed header of its version. */
    TOO_SHORT,
    /** The version nibble is neither 4 nor 6. */
    BAD_VERSION,
    /** IPv4 IHL below 5 or past the packet's end. */
    BAD_HEADER_LENGTH,
    /** The length the header states disagrees with the bytes received (RFC 791 Total Length, RFC 8200 Payload Length). */
    BAD_TOTAL_LENGTH,
    /** An IPv6 extension header runs past the packet, or the chain is longer than gmgw walks. */
    BAD_EXTENSION_HEADER,
    /**
     * A first fragment (or an unfragmented packet) too short to hold the transport header fields a rule matches on:
     * the tiny-fragment attack of RFC 1858, refused as RFC 3128 and RFC 7112 (the whole header chain in the first
     * fragment) recommend.
     */
    TRUNCATED_TRANSPORT,
    /** An IPv4 fragment whose offset would put transport bytes over the first fragment's header (RFC 3128). */
    OVERLAPPING_FRAGMENT
}
