/**
 * IP packets on the data path. The data-plane seam: {@link io.gmgw.gateway.packet.PacketSink},
 * {@link io.gmgw.gateway.packet.PacketSource} and {@link io.gmgw.gateway.packet.PacketDevice}, whole IP packets in
 * Netty {@code ByteBuf}s with one ownership rule (the sink releases), implemented by the TUN device ({@code tun}), the
 * router ({@code route}), the IPsec ESP data plane and the in-process responder. Reading them:
 * {@link io.gmgw.gateway.packet.IpPacket} (IPv4, IPv6 with its extension headers, the transport fields ACLs match on,
 * fragments; malformed input named by {@link io.gmgw.gateway.packet.PacketDefect}, never thrown) and
 * {@link io.gmgw.gateway.packet.Checksums}. Depends on Netty's buffers only.
 */
package io.gmgw.gateway.packet;
