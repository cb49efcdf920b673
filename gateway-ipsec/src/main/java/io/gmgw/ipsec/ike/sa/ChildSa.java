package io.gmgw.ipsec.ike.sa;

import io.gmgw.ipsec.ike.config.EspProposal;
import io.gmgw.ipsec.ike.config.TrafficSelector;
import java.time.Instant;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * An ESP SA pair negotiated by quick mode, ready for the data plane: the chosen transform and encapsulation mode, per
 * direction the SPI (the receiver's, RFC 2409 §5.5) and the keys cut from KEYMAT (encryption key first, then the
 * integrity key; for AES-GCM the key and 4-byte salt, no integrity key), the traffic selectors as negotiated, and the
 * lifetimes. {@link #destroy()} wipes the keys.
 */
public final class ChildSa implements Destroyable {
    /** One direction: its SPI and keys. */
    public record Direction(int spi, byte[] encryptionKey, byte[] integrityKey) {
        void wipe() {
            Arrays.fill(encryptionKey, (byte) 0);
            Arrays.fill(integrityKey, (byte) 0);
        }
    }

    private final String name;
    private final int messageId;
    private final EspProposal proposal;
    private final int encapsulationMode;
    private final Direction inbound;
    private final Direction outbound;
    private final TrafficSelector local;
    private final TrafficSelector remote;
    private final long lifetimeSeconds;
    private final long lifetimeKilobytes;
    private final Instant establishedAt;
    private final boolean pfs;
    private boolean destroyed;

    public ChildSa(String name, int messageId, EspProposal proposal, int encapsulationMode, Direction inbound,
            Direction outbound, TrafficSelector local, TrafficSelector remote, long lifetimeSeconds,
            long lifetimeKilobytes, boolean pfs, Instant establishedAt) {
        this.name = name;
        this.messageId = messageId;
        this.proposal = proposal;
        this.encapsulationMode = encapsulationMode;
        this.inbound = inbound;
        this.outbound = outbound;
        this.local = local;
        this.remote = remote;
        this.lifetimeSeconds = lifetimeSeconds;
        this.lifetimeKilobytes = lifetimeKilobytes;
        this.pfs = pfs;
        this.establishedAt = establishedAt;
    }

    public String name() {
        return name;
    }

    /** The quick mode's message id. */
    public int messageId() {
        return messageId;
    }

    public EspProposal proposal() {
        return proposal;
    }

    /** RFC 2407 §4.5 / RFC 3947: 1 tunnel, 3 UDP-encapsulated tunnel. */
    public int encapsulationMode() {
        return encapsulationMode;
    }

    public Direction inbound() {
        return live(inbound);
    }

    public Direction outbound() {
        return live(outbound);
    }

    public TrafficSelector local() {
        return local;
    }

    public TrafficSelector remote() {
        return remote;
    }

    public long lifetimeSeconds() {
        return lifetimeSeconds;
    }

    /** 0: no volume limit. */
    public long lifetimeKilobytes() {
        return lifetimeKilobytes;
    }

    public boolean pfs() {
        return pfs;
    }

    public Instant establishedAt() {
        return establishedAt;
    }

    public Instant expiresAt() {
        return establishedAt.plusSeconds(lifetimeSeconds);
    }

    private Direction live(Direction d) {
        if (destroyed) {
            throw new IllegalStateException("CHILD SA " + name + " has been destroyed");
        }
        return d;
    }

    @Override
    public void destroy() {
        destroyed = true;
        inbound.wipe();
        outbound.wipe();
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "ChildSa[" + name + ", in " + Integer.toHexString(inbound.spi()) + ", out "
                + Integer.toHexString(outbound.spi()) + ", " + local + " === " + remote + "]";
    }
}
