/**
 * The data-plane seam: {@link io.gmgw.gateway.packet.PacketSink}, {@link io.gmgw.gateway.packet.PacketSource} and
 * {@link io.gmgw.gateway.packet.PacketDevice}, whole IP packets in Netty {@code ByteBuf}s with one ownership rule
 * (the sink releases). Implemented by the TUN device ({@code tun}), the router ({@code route}), the IPsec ESP data
 * plane and the in-process responder. Depends on Netty's buffers only.
 */
package io.gmgw.gateway.packet;
