/**
 * Handshake admission, ahead of the handshake: a gateway makes an SM2 signature or decryption for each ClientHello,
 * so a source that opens connections faster than a person could is refused before any of that work, and so is the
 * whole when all sources together would saturate the CPU or hold too many half-open handshakes. A token bucket per
 * source (an IPv4 address, an IPv6 /64) in a bounded table, a global bucket and a cap on unauthenticated connections,
 * on an injected ticker; the per-source idea is wireguard-go's {@code ratelimiter} package. Nothing here knows
 * sockets or Netty.
 */
package io.gmgw.gateway.ratelimit;
