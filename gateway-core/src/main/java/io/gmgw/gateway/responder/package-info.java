/**
 * The unprivileged mode's in-gateway responder: instead of a TUN device, the gateway's tunnel addresses answer ICMP
 * echo, ICMPv6 echo and UDP echo ({@link io.gmgw.gateway.responder.EchoResponder}) through the
 * {@link io.gmgw.gateway.responder.PacketResponder} seam. docs/responder.md describes it.
 */
package io.gmgw.gateway.responder;
