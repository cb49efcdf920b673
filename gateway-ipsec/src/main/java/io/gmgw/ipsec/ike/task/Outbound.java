package io.gmgw.ipsec.ike.task;

/**
 * A datagram to send to the peer: the ISAKMP bytes, and whether it goes from and to port 4500 (NAT-T negotiated,
 * RFC 3947 §4: from main mode's message 5 on), where the I/O layer puts the non-ESP marker in front.
 */
public record Outbound(byte[] datagram, boolean natTPort) {
}
