/**
 * What the SSL VPN and IPsec gateways share, one package per responsibility below this one: configuration, TUN
 * devices and the packet path, address pools, per-group policy (signed ACLs enforced on every packet), handshake
 * rate limiting and the local control socket. Nothing here knows TLCP, TLS, CSTP or IKE.
 */
package io.gmgw.gateway;
