package io.gmgw.gateway.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code tunnel}: the CSTP session's numbers (cstp.md §4, §7, §8, §9). The largest tunnel MTU offered; the keepalive
 * and DPD intervals sent to the client ({@code X-CSTP-Keepalive}, {@code X-CSTP-DPD}); the idle timeout (DATA frames
 * only) and the session timeout (empty: none); how long a login cookie stays valid after login or disconnect; whether
 * the client is asked to disconnect when its smart key is removed; the most sessions the gateway holds at once; and
 * the bytes one session's connection may have unsent before the gateway stops reading from that client (Netty's
 * high water mark, the low one half of it: the backpressure that keeps a slow client from holding memory).
 */
public record TunnelSettings(int mtu, Duration keepalive, Duration dpd, Optional<Duration> idleTimeout,
        Optional<Duration> sessionTimeout, Duration cookieTimeout, boolean smartcardRemovalDisconnect,
        int maxClients, int writeBufferBytes) {
    /** Smallest write buffer: one full TLS/TLCP record (16 KiB, RFC 8446 §5.1) must fit. */
    public static final int MIN_WRITE_BUFFER = 16 * 1024;
    /** Largest: 4 MiB per session, so max-clients sessions at most 4 GiB, even if every client stalls. */
    public static final int MAX_WRITE_BUFFER = 4 * 1024 * 1024;
}
