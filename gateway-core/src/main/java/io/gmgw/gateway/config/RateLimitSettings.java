package io.gmgw.gateway.config;

/**
 * {@code rate-limit}: a token bucket per source ahead of every handshake (the server signs or decrypts with SM2 for
 * each ClientHello), as wireguard-go's ratelimiter: {@link #handshakesPerSecond()} refill, {@link #burst()} bucket
 * size, at most {@link #tableSize()} sources, and IPv6 sources grouped by their first {@link #ipv6PrefixLength()}
 * bits (a host has a whole /64 to pick from).
 */
public record RateLimitSettings(int handshakesPerSecond, int burst, int tableSize, int ipv6PrefixLength) {
}
