/**
 * The SSL VPN gateway's tunnel server: the CSTP login over HTTP/1.1 inside the secure channel, the {@code webvpn}
 * cookie kept by the gateway (not the connection), {@code CONNECT /CSCOSSLC/tunnel}, and the CSTP session with its
 * timers, as ocserv 1.1.6 speaks it and openconnect 9.01 expects it (/work/shared/reference/cstp.md, cited by section).
 *
 * <p>What other parts provide is reached through small interfaces defined here: {@link
 * io.gmgw.sslvpn.gateway.AddressLeases} (address pools), {@link io.gmgw.sslvpn.gateway.GroupPolicies} (routes, DNS,
 * the ACL), {@link io.gmgw.sslvpn.gateway.PacketPath} (the TUN device or the in-gateway responder), and
 * {@link io.gmgw.sslvpn.gateway.Authenticator} (further login steps). The control socket reads sessions through
 * {@link io.gmgw.sslvpn.gateway.SessionDirectory}.
 */
package io.gmgw.sslvpn.gateway;
