/**
 * The client's TUN mode ({@code gmgw connect} as root): {@link io.gmgw.sslvpn.client.tun.TunPackets}, the
 * {@link io.gmgw.sslvpn.client.LocalPackets} over gateway-core's TUN device and {@code ip}; {@link
 * io.gmgw.sslvpn.client.tun.TunPlan}, what the gateway's parameters become on the device; {@link
 * io.gmgw.sslvpn.client.tun.TunPreflight}, the privilege check before connecting.
 */
package io.gmgw.sslvpn.client.tun;
