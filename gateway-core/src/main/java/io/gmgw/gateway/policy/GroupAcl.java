package io.gmgw.gateway.policy;

import io.gmgw.gateway.packet.IpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One verified version of a group's ACL, compiled: an IPv4 list and an IPv6 list (either may be absent), each ending
 * in an implicit {@code deny}, with a hit counter per entry and per implicit deny. Immutable but for its counters, and
 * safe to use from any number of threads. A rule is named by an index: the entries in order (IPv4 list first), then
 * {@link #implicitDeny(int) the implicit deny} of IPv4, then of IPv6.
 */
public final class GroupAcl {
    private final String group;
    private final String file;
    private final long version;
    private final String sm3;
    private final AccessListEntry[] v4;
    private final AccessListEntry[] v6;
    private final String v4Name;
    private final String v6Name;
    private final LongAdder[] hits;
    /** Per rule, when the last drop was sampled ({@link DropSampler}), and the drops since. */
    final AtomicLongArray lastSample;
    final AtomicLongArray unsampled;

    GroupAcl(String group, String file, long version, String sm3, String v4Name, List<AccessListEntry> v4,
            String v6Name, List<AccessListEntry> v6) {
        this.group = group;
        this.file = file;
        this.version = version;
        this.sm3 = sm3;
        this.v4Name = v4Name;
        this.v6Name = v6Name;
        this.v4 = v4.toArray(AccessListEntry[]::new);
        this.v6 = v6.toArray(AccessListEntry[]::new);
        int rules = this.v4.length + this.v6.length + 2;
        hits = new LongAdder[rules];
        for (int i = 0; i < rules; i++) {
            hits[i] = new LongAdder();
        }
        lastSample = new AtomicLongArray(rules);
        unsampled = new AtomicLongArray(rules);
    }

    /**
     * The rule that decides {@code p} (well-formed) travelling {@code direction}, counted as a hit: the first entry
     * of the packet's family that matches, or that family's implicit deny. Allocates nothing.
     */
    public int decide(IpPacket p, Direction direction) {
        AccessListEntry[] list = p.version() == 4 ? v4 : v6;
        int base = p.version() == 4 ? 0 : v4.length;
        int rule = implicitDeny(p.version());
        for (int i = 0; i < list.length; i++) {
            if (list[i].matches(p, direction)) {
                rule = base + i;
                break;
            }
        }
        hits[rule].increment();
        return rule;
    }

    /** Whether {@code rule} permits. */
    public boolean permits(int rule) {
        AccessListEntry e = entry(rule);
        return e != null && e.permit();
    }

    /** The entry behind {@code rule}, or null for an implicit deny. */
    public AccessListEntry entry(int rule) {
        if (rule < v4.length) {
            return v4[rule];
        }
        int i = rule - v4.length;
        return i < v6.length ? v6[i] : null;
    }

    /** The index of the implicit deny that ends the list of IP {@code version}. */
    public int implicitDeny(int version) {
        return v4.length + v6.length + (version == 4 ? 0 : 1);
    }

    /** How many rules there are, implicit denies included. */
    public int ruleCount() {
        return hits.length;
    }

    /** A rule as an operator reads it in counters and audit records. */
    public String describe(int rule) {
        AccessListEntry e = entry(rule);
        if (e != null) {
            return e.describe();
        }
        boolean four = rule == implicitDeny(4);
        String name = four ? v4Name : v6Name;
        return (name == null ? "IPv" + (four ? 4 : 6) + " (no list: every packet denied)" : name)
                + ": implicit deny at the end";
    }

    /** Hits of every rule, in rule order. */
    public List<RuleHits> hits() {
        List<RuleHits> out = new ArrayList<>(hits.length);
        for (int i = 0; i < hits.length; i++) {
            AccessListEntry e = entry(i);
            out.add(new RuleHits(i, describe(i), e != null && e.permit(), e == null, hits[i].sum()));
        }
        return out;
    }

    /** One rule's counter: {@code implicit} for the deny that ends a list. */
    public record RuleHits(int rule, String description, boolean permit, boolean implicit, long hits) {
    }

    public List<AccessListEntry> entries() {
        List<AccessListEntry> all = new ArrayList<>(List.of(v4));
        all.addAll(List.of(v6));
        return all;
    }

    public String group() {
        return group;
    }

    /** The file it was loaded from. */
    public String file() {
        return file;
    }

    /** The signed version (the manifest's; 0 when the signature names none). */
    public long version() {
        return version;
    }

    /** SM3 of the signed bytes, hex. */
    public String sm3() {
        return sm3;
    }
}
