package io.gmgw.ipsec.esp;

import java.util.function.Consumer;
import javax.security.auth.Destroyable;

/**
 * The sending direction of an ESP SA in tunnel mode (RFC 4303 §3.3): SPI, a 32-bit sequence number from 1, the IV and
 * the padding 1, 2, 3… (§2.4) up to the cipher's alignment, pad length, next header (4 for IPv4, 41 for IPv6), and
 * the ICV. Sans-I/O: the inner packet in, the ESP packet out, into the caller's buffer; nothing allocated per packet
 * beyond what the JDK's cipher initialisation costs. Thread-safe (one lock per SA direction).
 */
public final class EspOutboundSa implements Destroyable {
    /** The last sequence number an SA may send (§3.3.3: no cycling without ESN). */
    public static final long LAST_SEQUENCE = 0xFFFF_FFFFL;
    public static final int NEXT_HEADER_IPV4 = 4;
    public static final int NEXT_HEADER_IPV6 = 41;
    /** The largest ESP packet: what fits in one IPv4 UDP datagram (65535 - 20 - 8). */
    public static final int MAX_ESP_LENGTH = 65_507;

    private final String name;
    private final int spi;
    private final EspTransform transform;
    private final EspCipher cipher;
    private final long softLimit;
    private final Consumer<EspEvent> events;
    private final EspCounters counters = new EspCounters();
    /** The last sequence number sent (0: none yet). */
    private long sequence;
    private boolean destroyed;

    EspOutboundSa(String name, int spi, EspTransform transform, EspCipher cipher, long softLimit,
            Consumer<EspEvent> events) {
        this.name = name;
        this.spi = spi;
        this.transform = transform;
        this.cipher = cipher;
        this.softLimit = softLimit;
        this.events = events;
    }

    public int spi() {
        return spi;
    }

    public EspTransform transform() {
        return transform;
    }

    public EspCounters counters() {
        return counters;
    }

    /** The last sequence number sent (0 before the first packet). */
    public synchronized long sequence() {
        return sequence;
    }

    /** Room {@link #encapsulate} needs at {@code out[outOff]} for an inner packet of {@code innerLength} bytes. */
    public int encapsulatedLength(int innerLength) {
        int align = transform.algorithm().alignment();
        int payload = innerLength + 2;
        return transform.headerLength() + (payload + align - 1) / align * align + transform.icvLength();
    }

    /**
     * Encapsulates the inner packet {@code in[inOff, inOff + inLen)} with next header {@code nextHeader} into
     * {@code out[outOff]} (which must not overlap it and have {@link #encapsulatedLength} bytes of room); returns the
     * ESP packet's length, or an {@link EspDrop#code()} (SEQUENCE_EXHAUSTED, TOO_LARGE, SA_GONE), counted.
     */
    public synchronized int encapsulate(byte[] in, int inOff, int inLen, int nextHeader, byte[] out, int outOff) {
        if (destroyed) {
            return drop(EspDrop.SA_GONE);
        }
        if (sequence >= LAST_SEQUENCE) {
            return drop(EspDrop.SEQUENCE_EXHAUSTED);
        }
        int total = encapsulatedLength(inLen);
        if (total > MAX_ESP_LENGTH) {
            return drop(EspDrop.TOO_LARGE);
        }
        int align = transform.algorithm().alignment();
        int ptOff = outOff + transform.headerLength();
        System.arraycopy(in, inOff, out, ptOff, inLen);
        int padLength = (align - (inLen + 2) % align) % align;
        for (int i = 1; i <= padLength; i++) {
            out[ptOff + inLen + i - 1] = (byte) i; // §2.4: 1, 2, 3, ...
        }
        out[ptOff + inLen + padLength] = (byte) padLength;
        out[ptOff + inLen + padLength + 1] = (byte) nextHeader;
        sequence++;
        int seq = (int) sequence;
        EspCipher.writeInt(out, outOff, spi);
        EspCipher.writeInt(out, outOff + 4, seq);
        int length = cipher.seal(out, outOff, inLen + padLength + 2, seq);
        counters.passed(inLen);
        if (sequence == softLimit) {
            events.accept(new EspEvent.SoftLimitReached(name, spi, sequence));
        }
        if (sequence == LAST_SEQUENCE) {
            events.accept(new EspEvent.SequenceExhausted(name, spi));
        }
        return length;
    }

    private int drop(EspDrop d) {
        counters.dropped(d);
        return d.code();
    }

    /** For tests of exhaustion: continues as if {@code last} packets had been sent. */
    synchronized void skipTo(long last) {
        sequence = last;
    }

    /** Wipes the keys; later packets are dropped as SA_GONE. */
    @Override
    public synchronized void destroy() {
        if (!destroyed) {
            destroyed = true;
            cipher.destroy();
        }
    }

    @Override
    public synchronized boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "ESP out " + name + " spi " + String.format("%08x", spi) + " " + transform.describe();
    }
}
