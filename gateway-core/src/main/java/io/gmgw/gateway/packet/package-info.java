/**
 * Reading IP packets on the data path: {@link io.gmgw.gateway.packet.IpPacket} (IPv4, IPv6 with its extension
 * headers, the transport fields ACLs match on, fragments; malformed input named by
 * {@link io.gmgw.gateway.packet.PacketDefect}, never thrown) and {@link io.gmgw.gateway.packet.Checksums}.
 */
package io.gmgw.gateway.packet;
