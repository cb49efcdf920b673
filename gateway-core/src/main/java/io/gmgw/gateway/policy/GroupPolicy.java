package io.gmgw.gateway.policy;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.packet.PacketDefect;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A group's ACL in force: loaded at start (a refusal keeps the gateway from starting), reloaded on request, swapped
 * in atomically only when the new version verified, compiled and is not a rollback (a lower signed version, or the
 * same version with other bytes: {@link PolicyLoader#load}), so a bad reload leaves the previous version live.
 * Packet filters of the group's sessions ({@link #filterFor}) read the version in force on every packet (one volatile
 * read). Counters of a version start at zero when it is swapped in.
 */
public final class GroupPolicy {
    private final String group;
    private final Path file;
    private final PolicyLoader loader;
    private final DropSampler sampler;
    private final LongAdder[] malformed = new LongAdder[PacketDefect.values().length];
    private volatile GroupAcl current;

    /** Loads {@code file} for {@code group}; {@link GatewayException} ({@code POLICY}) when it does not verify. */
    public GroupPolicy(String group, Path file, PolicyLoader loader, DropSampler sampler) {
        this.group = Objects.requireNonNull(group, "group");
        this.file = Objects.requireNonNull(file, "file");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        for (int i = 0; i < malformed.length; i++) {
            malformed[i] = new LongAdder();
        }
        this.current = loader.load(group, file, null);
    }

    /**
     * Re-reads and verifies the file; on success the new version is in force for the next packet and returned, on
     * failure the previous version stays in force and {@link GatewayException} says why. Reloads of one group are
     * serialised.
     */
    public synchronized GroupAcl reload() {
        GroupAcl next = loader.load(group, file, current);
        current = next;
        return next;
    }

    /** The version in force. */
    public GroupAcl current() {
        return current;
    }

    /** A filter for one session of this group: its packets, counted for it, drops sampled with its name. */
    public PacketFilter filterFor(String session, String user) {
        return new PacketFilter(this, session, user);
    }

    public String group() {
        return group;
    }

    DropSampler sampler() {
        return sampler;
    }

    void malformed(PacketDefect defect) {
        malformed[defect.ordinal()].increment();
    }

    /** Malformed packets refused before the ACL, by reason, over all sessions of the group. */
    public Map<PacketDefect, Long> malformedCounts() {
        Map<PacketDefect, Long> out = new EnumMap<>(PacketDefect.class);
        for (PacketDefect d : PacketDefect.values()) {
            out.put(d, malformed[d.ordinal()].sum());
        }
        return out;
    }
}
