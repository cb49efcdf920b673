/**
 * Linux TUN devices through Java's FFM API ({@link io.gmgw.gateway.tun.TunDevice}, a
 * {@link io.gmgw.gateway.packet.PacketDevice}) and their configuration with iproute2
 * ({@link io.gmgw.gateway.tun.IpCommand}, {@link io.gmgw.gateway.tun.TunSettings}): the gateway's device and the
 * client's TUN mode. Depends on {@code packet}, {@code ip} and the gateway's exception. Logger: {@code tun}.
 */
package io.gmgw.gateway.tun;
