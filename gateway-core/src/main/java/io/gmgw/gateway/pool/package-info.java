/**
 * Client address pools, IPv4 and IPv6 ({@link io.gmgw.gateway.pool.AddressPool}): predictable addresses (ocserv's
 * predictable-ips), leases bound to an owner key, no duplicates, exhaustion as a clear RESOURCE error. Depends on
 * {@code ip} and the gateway's exception only.
 */
package io.gmgw.gateway.pool;
