/**
 * IP addresses as the data plane needs them: {@link io.gmgw.gateway.ip.IpPrefix} (CIDR networks, interface
 * addresses, routes). Depends on nothing in the gateway but {@link io.gmgw.gateway.GatewayException}.
 */
package io.gmgw.gateway.ip;
