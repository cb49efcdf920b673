/**
 * What the SSL VPN and IPsec gateways share, one package per responsibility below this one: configuration, TUN
 * devices and the packet path, address pools, per-group policy (signed ACLs enforced on every packet), handshake
 * rate limiting and the local control socket. Nothing here knows TLCP, TLS, CSTP or IKE.
 *
 * <p>The data plane (docs/data-plane.md): {@code packet} is the seam (PacketSink, PacketSource, PacketDevice) and
 * {@code ip} the address vocabulary, both at the bottom; {@code pool} (client addresses), {@code route} (packets to
 * sessions by destination) and {@code tun} (the TUN device and its configuration) build on them and not on each
 * other. {@code otp} verifies dynamic passwords (GB/T 38556) and {@code otp.store} keeps the tokens durably.
 * This package holds only {@link io.gmgw.gateway.GatewayException} and uses none of its subpackages.
 */
package io.gmgw.gateway;
