package io.gmgw.ipsec.manager;

import java.net.InetSocketAddress;

/** An IKE datagram for the driver to send: the ISAKMP bytes, from port 4500 (with the non-ESP marker) or 500. */
public record IkeSend(byte[] datagram, boolean natTPort, InetSocketAddress to) {
}
