package io.gmgw.ipsec.esp;

/**
 * What the data plane tells the SA manager: an outbound SA nearing or reaching the end of its sequence space, which
 * forces a rekey (RFC 4303 §3.3.3: the counter never cycles, a new SA must be set up before 2^32 - 1). Each is
 * reported once per SA, synchronously from the packet path: listeners only take note and return.
 */
public sealed interface EspEvent {
    /** The SA's name (the CHILD SA's), for logs. */
    String sa();

    /** The outbound SPI. */
    int spi();

    /** The outbound sequence number passed the soft limit: start a rekey now, traffic still flows. */
    record SoftLimitReached(String sa, int spi, long sequence) implements EspEvent {
    }

    /** The last sequence number (2^32 - 1) was sent: the SA sends nothing more until it is replaced. */
    record SequenceExhausted(String sa, int spi) implements EspEvent {
    }
}
