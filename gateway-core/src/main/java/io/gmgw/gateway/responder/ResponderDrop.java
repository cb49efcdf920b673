package io.gmgw.gateway.responder;

/** Why the in-gateway responder did not answer a packet; each is counted. */
public enum ResponderDrop {
    /** Not a well-formed IPv4 or IPv6 packet ({@link io.gmgw.gateway.packet.IpPacket#parse}). */
    MALFORMED,
    /** Addressed to someone other than the gateway's tunnel addresses. */
    NOT_FOR_GATEWAY,
    /** From an address that is no single host (unspecified, multicast, limited broadcast). */
    BAD_SOURCE,
    /** A fragment: the responder answers whole packets only. */
    FRAGMENT,
    /** An IP header, ICMP, ICMPv6 or UDP checksum that does not verify. */
    BAD_CHECKSUM,
    /** Larger than the responder answers. */
    TOO_LARGE,
    /** Not an echo request: another ICMP type, another UDP port, another protocol; or a UDP echo from port 0 or 7. */
    UNSUPPORTED
}
