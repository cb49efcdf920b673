package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.isakmp.message.IsakmpDatagram;

/** A received ISAKMP message: its bytes (duplicates are recognised by them), the decoded form, the port it came to. */
public record Inbound(byte[] raw, IsakmpDatagram datagram, boolean natTPort) {
}
