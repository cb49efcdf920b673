package io.gmgw.gateway.policy;

import io.gmgw.gateway.packet.IpPacket;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-packet check of one session: {@link #permit} parses the packet's headers (no copy, no allocation beyond
 * one small header object), refuses a malformed one, and lets the group's ACL in force decide; the caller forwards
 * the buffer when it returns true and releases it otherwise. Both directions of the session go through the same
 * filter (the TUN reader and the session's event loop may call it at once).
 */
public final class PacketFilter {
    private final GroupPolicy policy;
    private final String session;
    private final String user;
    private final LongAdder permitted = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final LongAdder malformed = new LongAdder();

    PacketFilter(GroupPolicy policy, String session, String user) {
        this.policy = policy;
        this.session = session;
        this.user = user;
    }

    /**
     * Whether the packet between {@code packet}'s reader and writer index may pass {@code direction}. Never throws for
     * any content; does not move the buffer's indexes or release it.
     */
    public boolean permit(ByteBuf packet, Direction direction) {
        IpPacket p = IpPacket.parse(packet);
        if (p.isMalformed()) {
            malformed.increment();
            policy.malformed(p.defect());
            return false;
        }
        GroupAcl acl = policy.current();
        int rule = acl.decide(p, direction);
        if (acl.permits(rule)) {
            permitted.increment();
            return true;
        }
        denied.increment();
        policy.sampler().dropped(acl, rule, p, direction, session, user);
        return false;
    }

    public long permitted() {
        return permitted.sum();
    }

    /** Packets the ACL denied (an entry or the implicit deny). */
    public long denied() {
        return denied.sum();
    }

    /** Packets refused as malformed before the ACL saw them. */
    public long malformed() {
        return malformed.sum();
    }
}
