package io.gmgw.ipsec.esp;

import io.gmgw.ipsec.ike.config.TrafficSelector;
import javax.security.auth.Destroyable;

/**
 * The receiving direction of an ESP SA in tunnel mode (RFC 4303 §3.4), in this order: the length, the sequence number
 * against the anti-replay window (a cheap first filter, §3.4.3), the ICV in constant time (§3.4.4), only then the
 * window's update and the decryption, then the padding (1, 2, 3…, §2.4), the next header, the inner packet's own
 * length, and the traffic selectors on its addresses (the inner source must be in the peer's selector, the
 * destination in ours). Works in place: the inner packet is left at {@link #innerOffset} of the caller's buffer.
 * Thread-safe (one lock per SA direction); each drop is counted.
 */
public final class EspInboundSa implements Destroyable {
    static final int NEXT_HEADER_NONE = 59; // RFC 4303 §2.6: dummy packet

    private final String name;
    private final int spi;
    private final EspTransform transform;
    private final EspCipher cipher;
    private final AntiReplayWindow window;
    private final TrafficSelector local;
    private final TrafficSelector remote;
    private final EspCounters counters = new EspCounters();
    private boolean destroyed;

    EspInboundSa(String name, int spi, EspTransform transform, EspCipher cipher, int windowSize,
            TrafficSelector local, TrafficSelector remote) {
        this.name = name;
        this.spi = spi;
        this.transform = transform;
        this.cipher = cipher;
        this.window = new AntiReplayWindow(windowSize);
        this.local = local;
        this.remote = remote;
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

    /** The highest sequence number accepted so far. */
    public synchronized long highestSequence() {
        return window.highest();
    }

    /** Where, in the buffer passed to {@link #decapsulate}, the inner packet starts. */
    public int innerOffset(int espOff) {
        return espOff + transform.headerLength();
    }

    /**
     * Checks and decrypts the ESP packet {@code buf[off, off + len)} in place; returns the inner packet's length (it
     * starts at {@link #innerOffset}{@code (off)}), or a negative {@link EspDrop#code()}.
     */
    public synchronized int decapsulate(byte[] buf, int off, int len) {
        if (destroyed) {
            return drop(EspDrop.SA_GONE);
        }
        int header = transform.headerLength();
        int icv = transform.icvLength();
        int ptLen = len - header - icv;
        int align = transform.algorithm().alignment();
        // CBC ciphertext is whole blocks (RFC 3602 §3); the AEADs need at least the 2-byte trailer
        if (ptLen < 2 || transform.algorithm().cbc() && ptLen % align != 0) {
            return drop(EspDrop.MALFORMED);
        }
        if (EspCipher.readInt(buf, off) != spi) {
            return drop(EspDrop.UNKNOWN_SPI);
        }
        int seq = EspCipher.readInt(buf, off + 4);
        if (window.check(seq) != AntiReplayWindow.Verdict.NEW) {
            return drop(EspDrop.REPLAYED);
        }
        int plain = cipher.open(buf, off, len);
        if (plain < 0) {
            return drop(EspDrop.AUTH_FAILED);
        }
        window.update(seq); // only now: a forgery must not move the window (§3.4.3)
        int pt = off + header;
        int nextHeader = buf[pt + plain - 1] & 0xff;
        int padLength = buf[pt + plain - 2] & 0xff;
        int inner = plain - 2 - padLength;
        if (inner < 0) {
            return drop(EspDrop.BAD_PADDING);
        }
        for (int i = 1; i <= padLength; i++) {
            // authenticated already, so checking byte by byte leaks nothing an attacker could not compute
            if ((buf[pt + inner + i - 1] & 0xff) != i) {
                return drop(EspDrop.BAD_PADDING);
            }
        }
        return switch (nextHeader) {
            case EspOutboundSa.NEXT_HEADER_IPV4 -> ipv4(buf, pt, inner);
            case EspOutboundSa.NEXT_HEADER_IPV6 -> ipv6(buf, pt, inner);
            case NEXT_HEADER_NONE -> drop(EspDrop.DUMMY);
            default -> drop(EspDrop.BAD_NEXT_HEADER);
        };
    }

    /**
     * An IPv4 packet whose Total Length fits what was decrypted (shorter: TFC padding after it, §2.7, cut off here),
     * from the peer's selector to ours.
     */
    private int ipv4(byte[] buf, int at, int available) {
        if (available < 20 || (buf[at] & 0xf0) != 0x40 || (buf[at] & 0x0f) < 5) {
            return drop(EspDrop.BAD_INNER_PACKET);
        }
        int total = (buf[at + 2] & 0xff) << 8 | buf[at + 3] & 0xff;
        if (total < (buf[at] & 0x0f) * 4 || total > available) {
            return drop(EspDrop.BAD_INNER_PACKET);
        }
        int source = EspCipher.readInt(buf, at + 12);
        int destination = EspCipher.readInt(buf, at + 16);
        if (!remote.contains(source) || !local.contains(destination)) {
            return drop(EspDrop.SELECTOR_MISMATCH);
        }
        counters.passed(total);
        return total;
    }

    /** The selectors are IPv4 subnets (quick mode's IDs here), so no IPv6 packet is inside them. */
    private int ipv6(byte[] buf, int at, int available) {
        if (available < 40 || (buf[at] & 0xf0) != 0x60
                || 40 + ((buf[at + 4] & 0xff) << 8 | buf[at + 5] & 0xff) > available) {
            return drop(EspDrop.BAD_INNER_PACKET);
        }
        return drop(EspDrop.SELECTOR_MISMATCH);
    }

    private int drop(EspDrop d) {
        counters.dropped(d);
        return d.code();
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
        return "ESP in " + name + " spi " + String.format("%08x", spi) + " " + transform.describe();
    }
}
