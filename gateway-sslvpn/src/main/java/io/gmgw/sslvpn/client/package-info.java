/**
 * The VPN client ({@code gmgw connect}): openconnect 9.01's behaviour towards an OpenConnect/AnyConnect gateway
 * (cstp.md §2-§11). Sans-I/O pieces ({@link io.gmgw.sslvpn.client.AuthXml}, {@link io.gmgw.sslvpn.client.HttpMessages},
 * {@link io.gmgw.sslvpn.client.TunnelParameters}, {@link io.gmgw.sslvpn.client.ClientTimers},
 * {@link io.gmgw.sslvpn.client.ReconnectPolicy}) and thin Netty handlers around them
 * ({@link io.gmgw.sslvpn.client.HttpExchange}, {@link io.gmgw.sslvpn.client.TunnelHandler}), driven by
 * {@link io.gmgw.sslvpn.client.VpnClient}. The secure channel comes from a
 * {@link io.gmgw.sslvpn.client.SecureChannelFactory} (TLCP here; TLS plugs in the same way), the local packets go to a
 * {@link io.gmgw.sslvpn.client.LocalPackets} (TUN device, script socket, pinger). Uses {@code channel}, {@code cstp}
 * and, for the TLCP factory only, {@code tlcp}.
 */
package io.gmgw.sslvpn.client;
