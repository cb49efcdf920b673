package io.gmgw.ipsec.esp.io;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the data plane counts outside any SA: datagrams for no SA (unknown SPI), packets from the TUN device no SA
 * covers, NAT-keepalives, datagrams that are neither IKE nor ESP, and send failures. Per-SA numbers live with the SA
 * ({@code EspCounters}).
 */
public final class EspDataPlaneCounters {
    final LongAdder unknownSpi = new LongAdder();
    final LongAdder noSa = new LongAdder();
    final LongAdder keepalives = new LongAdder();
    final LongAdder invalidDatagrams = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    final LongAdder ikeDatagrams = new LongAdder();

    /** ESP packets whose SPI no installed SA has (RFC 4303 §3.4.2: discarded, counted). */
    public long unknownSpi() {
        return unknownSpi.sum();
    }

    /** Packets from the TUN device no SA's selectors hold (or not IPv4): dropped, never sent in the clear. */
    public long noSa() {
        return noSa.sum();
    }

    public long keepalives() {
        return keepalives.sum();
    }

    public long invalidDatagrams() {
        return invalidDatagrams.sum();
    }

    public long sendErrors() {
        return sendErrors.sum();
    }

    public long ikeDatagrams() {
        return ikeDatagrams.sum();
    }
}
