/**
 * IP addresses as the data plane needs them: {@link io.gmgw.gateway.ip.IpPrefix} (CIDR networks, interface
 * addresses, routes) and {@link io.gmgw.gateway.ip.IpAddresses} (literals parsed without name lookups, written in
 * the RFC 5952 short form). Depends on nothing in the gateway but {@link io.gmgw.gateway.GatewayException}.
 */
package io.gmgw.gateway.ip;
