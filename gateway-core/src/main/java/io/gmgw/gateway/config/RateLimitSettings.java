package io.gmgw.gateway.config;

/**
 * {@code rate-limit}: admission ahead of every handshake (the server signs or decrypts with SM2 for each
 * ClientHello). Per source, as wireguard-go's ratelimiter: {@link #handshakesPerSecond()} refill, {@link #burst()}
 * bucket size, at most {@link #tableSize()} sources, and IPv6 sources grouped by their first
 * {@link #ipv6PrefixLength()} bits (a host has a whole /64 to pick from). Over all sources together:
 * {@link #globalHandshakesPerSecond()} refill and {@link #globalBurst()} bucket size, and at most
 * {@link #maxUnauthenticated()} connections that have not finished their handshake.
 */
public record RateLimitSettings(int handshakesPerSecond, int burst, int tableSize, int ipv6PrefixLength,
        int globalHandshakesPerSecond, int globalBurst, int maxUnauthenticated) {
}
