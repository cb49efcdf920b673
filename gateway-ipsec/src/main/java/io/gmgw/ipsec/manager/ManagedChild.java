package io.gmgw.ipsec.manager;

import io.gmgw.ipsec.esp.EspSaPair;
import io.gmgw.ipsec.ike.config.ChildConfig;
import java.time.Instant;

/** One installed CHILD SA pair and its timers, as the SA manager keeps it. */
final class ManagedChild {
    final ChildConfig config;
    final EspSaPair pair;
    final Instant installed;
    final Instant rekeyAt;
    final Instant expiresAt;
    /** Bytes (either direction) at which to rekey and at which the SA is spent; Long.MAX_VALUE when unlimited. */
    final long rekeyBytes;
    final long hardBytes;
    /** The pair that replaced this one (a rekey), or null while this one is the current pair of its config. */
    ManagedChild replacement;
    /** When a replaced pair stops receiving at the latest. */
    Instant retireBy;
    /** The config's first pair (it replaced none). */
    boolean first;
    /** We started a quick mode to replace this pair (not yet answered). */
    boolean rekeying;

    ManagedChild(ChildConfig config, EspSaPair pair, Instant installed, Instant rekeyAt, Instant expiresAt,
            long rekeyBytes, long hardBytes) {
        this.config = config;
        this.pair = pair;
        this.installed = installed;
        this.rekeyAt = rekeyAt;
        this.expiresAt = expiresAt;
        this.rekeyBytes = rekeyBytes;
        this.hardBytes = hardBytes;
    }

    int inboundSpi() {
        return pair.inbound().spi();
    }

    int outboundSpi() {
        return pair.outbound().spi();
    }

    long bytes() {
        return Math.max(pair.inbound().counters().bytes(), pair.outbound().counters().bytes());
    }

    /** The collision rule's key: the lower SPI of the pair, unsigned, the same number on both peers. */
    long collisionKey() {
        return Math.min(Integer.toUnsignedLong(inboundSpi()), Integer.toUnsignedLong(outboundSpi()));
    }
}
