/**
 * Handshake rate limiting per source address, ahead of the handshake: a gateway makes an SM2 signature or decryption
 * for each ClientHello, so a source that opens connections faster than a person could is refused before any of that
 * work. A token bucket per source (an IPv4 address, an IPv6 /64), in a bounded table, on an injected ticker; the idea
 * is wireguard-go's {@code ratelimiter} package. Nothing here knows sockets or Netty.
 */
package io.gmgw.gateway.ratelimit;
