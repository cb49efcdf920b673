package io.gmgw.ipsec.manager;

import io.gmgw.audit.AuditEventType;
import io.gmgw.ipsec.esp.EspSaPair;
import io.gmgw.ipsec.esp.EspTransform;
import io.gmgw.ipsec.ike.config.ChildConfig;
import io.gmgw.ipsec.ike.sa.ChildSa;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.ike.task.IkeEvent;
import io.gmgw.ipsec.ike.task.IsakmpSession;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.ProtocolId;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One peer's CHILD SA pairs in the data plane's table: installed from quick mode, replaced before they expire (by
 * time, bytes or an ESP sequence-space event), the replaced pair receiving until the peer's first packet on the new
 * one or the grace, collisions resolved (docs/ipsec.md, "The SA manager"), removed on the peer's delete or at the
 * hard lifetime. Quick modes run over the host's current ISAKMP session.
 */
final class ChildSas {
    private static final int REMEMBERED_DELETES = 64;
    /** How long after the first pair of a config a second one counts as a collision rather than a rekey. */
    static final Duration COLLISION_WINDOW = Duration.ofSeconds(10);

    private final PeerSas host;
    private final PeerConfig config;
    private final SaEnvironment env;
    private final String peer;
    private final List<ManagedChild> children = new ArrayList<>();
    private final Set<String> pending = new HashSet<>();
    private final Set<String> forced = new HashSet<>();
    private final ArrayDeque<Integer> deletedByPeer = new ArrayDeque<>();

    ChildSas(PeerSas host, PeerConfig config, SaEnvironment env) {
        this.host = host;
        this.config = config;
        this.env = env;
        this.peer = config.name() + " " + config.phase1().remote();
    }

    boolean isEmpty() {
        return children.isEmpty();
    }

    /** An ESP SA ran into its sequence space's soft limit or end: rekey it now. */
    void forceRekey(int outboundSpi) {
        children.stream().filter(c -> c.outboundSpi() == outboundSpi).forEach(c -> forced.add(c.config.name()));
    }

    /** Starts quick mode for every configured CHILD SA without a current pair (we initiated the ISAKMP SA). */
    List<IkeSend> startMissing(IsakmpSession s, Instant now) {
        List<IkeSend> out = new ArrayList<>();
        if (!s.establishedSa().map(IsakmpSa::initiator).orElse(false)) {
            return out;
        }
        for (ChildConfig c : config.children()) {
            boolean have = children.stream().anyMatch(x -> x.config.name().equals(c.name()) && x.replacement == null);
            if (!have && !pending.contains(c.name())) {
                pending.add(c.name());
                out.addAll(host.handle(s, s.startQuickMode(c, now), now));
            }
        }
        return out;
    }

    /** Renews every current pair at the next tick (after a phase-1 rekey). */
    void rekeyAll() {
        children.stream().filter(c -> c.replacement == null).forEach(c -> forced.add(c.config.name()));
    }

    /** Whether a quick mode of ours is running or due. */
    boolean rekeying() {
        return !pending.isEmpty() || !forced.isEmpty();
    }

    /** Our quick mode for {@code name} failed: a rekey may be tried again. */
    void quickModeFailed(String name) {
        pending.remove(name);
        children.stream().filter(c -> c.config.name().equals(name)).forEach(c -> c.rekeying = false);
    }

    /** Removes every pair (installed before {@code before}, when given) without telling the peer. */
    void dropAll(String reason, Instant before) {
        for (ManagedChild c : List.copyOf(children)) {
            if (before == null || c.installed.isBefore(before)) {
                removeChild(c, reason, true);
            }
        }
        if (before == null) {
            pending.clear();
        }
    }

    /** Deletes every pair, telling the peer over {@code s} when there is one. */
    List<IkeSend> deleteAll(Optional<IsakmpSession> s, String reason) {
        List<IkeSend> out = new ArrayList<>();
        for (ManagedChild c : List.copyOf(children)) {
            s.ifPresent(x -> out.addAll(host.sends(x.deleteChildren(List.of(c.inboundSpi())))));
            removeChild(c, reason, true);
        }
        pending.clear();
        return out;
    }

    long inboundPackets() {
        return children.stream().mapToLong(c -> c.pair.inbound().counters().packets()).sum();
    }

    void deadlines(List<Instant> all) {
        for (ManagedChild c : children) {
            all.add(c.replacement == null ? c.rekeyAt : c.retireBy);
            all.add(c.expiresAt);
        }
    }

    List<ChildSaStatus> status(Instant now) {
        return children.stream().map(c -> new ChildSaStatus(config.name(), c.pair.status(), c.replacement == null,
                c.replacement == null ? positive(Duration.between(now, c.rekeyAt)) : null,
                positive(Duration.between(now, c.expiresAt)), c.rekeyBytes, c.hardBytes)).toList();
    }

    List<IkeSend> childUp(IsakmpSession s, ChildSa child, Instant now) {
        pending.remove(child.name());
        Optional<ChildConfig> cfg = config.children().stream().filter(c -> c.name().equals(child.name()))
                .findFirst();
        if (cfg.isEmpty() || deletedByPeer.contains(child.outbound().spi())) {
            // a pair the peer already deleted (its delete overtook our last quick-mode message)
            return host.sends(s.deleteChildren(List.of(child.inbound().spi())));
        }
        ManagedChild fresh;
        try {
            fresh = install(cfg.get(), child, s, now);
        } catch (RuntimeException e) {
            env.audit().failure(AuditEventType.IPSEC_CHILD_UP, e).object(peer).write();
            return host.sends(s.deleteChildren(List.of(child.inbound().spi())));
        }
        List<IkeSend> out = new ArrayList<>();
        ManagedChild rival = children.stream().filter(c -> c != fresh && c.replacement == null
                && c.config.name().equals(child.name())).findFirst().orElse(null);
        ManagedChild replaced = children.stream().filter(c -> c.replacement == rival && rival != null)
                .findFirst().orElse(null);
        // A second pair for a config whose current pair replaced none and is younger than the collision window:
        // both sides ran their first quick mode at once. Otherwise the new pair is a rekey (ours or the peer's),
        // unless the current pair is itself a fresh replacement (both sides rekeyed at once).
        boolean rekeyOfRival = rival != null && replaced == null && (rival.rekeying || !rival.first
                || !now.isBefore(rival.installed.plus(COLLISION_WINDOW)));
        if (rival == null) {
            fresh.first = true;
            env.audit().success(AuditEventType.IPSEC_CHILD_UP).object(peer)
                    .detail("child", child.name()).detail("transform", fresh.pair.outbound().transform().describe())
                    .detail("spi-in", hex(fresh.inboundSpi())).detail("spi-out", hex(fresh.outboundSpi()))
                    .detail("local", child.local()).detail("remote", child.remote()).write();
        } else if (rekeyOfRival) {
            supersede(rival, fresh, now, "rekeyed");
        } else {
            // Collision: two pairs for one config, neither a deliberate replacement of the other.
            ManagedChild keep = fresh.collisionKey() < rival.collisionKey() ? fresh : rival;
            ManagedChild drop = keep == fresh ? rival : fresh;
            if (replaced != null && keep == fresh) {
                replaced.replacement = fresh;
            }
            env.audit().success(AuditEventType.IPSEC_REKEY).object(peer)
                    .reason("CHILD SA collision: " + hex(keep.inboundSpi()) + " kept, " + hex(drop.inboundSpi())
                            + " dropped").detail("child", child.name()).detail("phase", 2).write();
            out.addAll(host.current().map(c -> host.sends(c.deleteChildren(List.of(drop.inboundSpi())))).orElse(List.of()));
            removeChild(drop, null, false);
            if (keep == fresh && replaced == null) {
                env.audit().success(AuditEventType.IPSEC_CHILD_UP).object(peer)
                        .detail("child", child.name()).detail("spi-in", hex(fresh.inboundSpi()))
                        .detail("spi-out", hex(fresh.outboundSpi())).write();
            }
        }
        return out;
    }

    private void supersede(ManagedChild old, ManagedChild fresh, Instant now, String why) {
        old.replacement = fresh;
        old.rekeying = false;
        old.retireBy = min(now.plus(config.rekey().oldInboundGrace()), old.expiresAt);
        forced.remove(old.config.name());
        env.audit().success(AuditEventType.IPSEC_REKEY).object(peer).reason(why)
                .detail("child", old.config.name()).detail("phase", 2).detail("old-spi-in", hex(old.inboundSpi()))
                .detail("spi-in", hex(fresh.inboundSpi())).detail("spi-out", hex(fresh.outboundSpi())).write();
    }

    private ManagedChild install(ChildConfig cfg, ChildSa child, IsakmpSession s, Instant now) {
        InetSocketAddress espPeer = new InetSocketAddress(config.phase1().remote().getAddress(), 4500);
        EspTransform transform = config.phase1().profile().gm().isPresent()
                ? EspTransform.forGm(child.proposal().transformId(), child.proposal().authAlgorithm(),
                        config.phase1().profile().requireGm()).orElseThrow(() -> new IllegalStateException(
                                "quick mode chose an ESP transform the profile does not name: " + child.proposal()))
                : EspTransform.of(child.proposal());
        EspSaPair pair = EspSaPair.fromChildSa(child, transform, espPeer, env.settings(), env.module(), env.random(),
                env.espEvents());
        env.table().install(pair);
        long kb = child.lifetimeKilobytes();
        long hard = kb == 0 ? Long.MAX_VALUE : kb * 1024;
        long soft = kb == 0 ? Long.MAX_VALUE : hard / 100 * (100 - config.rekey().bytesMarginPercent());
        Instant rekeyAt = config.rekey().rekeyAt(now, child.lifetimeSeconds(), config.rekey().childMargin(),
                env.random().nextDouble());
        ManagedChild m = new ManagedChild(cfg, pair, now, rekeyAt, now.plusSeconds(child.lifetimeSeconds()), soft,
                hard);
        children.add(m);
        return m;
    }

    List<IkeSend> deleted(IkeEvent.DeleteReceived d) {
        if (d.delete().protocolId() != ProtocolId.IPSEC_ESP) {
            return List.of();
        }
        for (Octets spi : d.delete().spis()) {
            if (spi.length() != 4) {
                continue;
            }
            int v = ByteBuffer.wrap(spi.toByteArray()).getInt();
            Optional<ManagedChild> c = children.stream().filter(x -> x.outboundSpi() == v).findFirst();
            if (c.isPresent()) {
                removeChild(c.get(), "deleted by the peer", true);
            } else {
                if (deletedByPeer.size() >= REMEMBERED_DELETES) {
                    deletedByPeer.removeFirst();
                }
                deletedByPeer.addLast(v);
            }
        }
        return List.of();
    }

    List<IkeSend> timers(Instant now) {
        List<IkeSend> out = new ArrayList<>();
        for (ManagedChild c : List.copyOf(children)) {
            if (!children.contains(c)) {
                continue;
            }
            long bytes = c.bytes();
            if (!now.isBefore(c.expiresAt) || bytes >= c.hardBytes) {
                out.addAll(host.current().map(s -> host.sends(s.deleteChildren(List.of(c.inboundSpi())))).orElse(List.of()));
                removeChild(c, bytes >= c.hardBytes ? "byte lifetime spent" : "expired", c.replacement == null);
            } else if (c.replacement != null) {
                if (!now.isBefore(c.retireBy) || c.replacement.pair.inbound().counters().packets() > 0) {
                    out.addAll(host.current().map(s -> host.sends(s.deleteChildren(List.of(c.inboundSpi()))))
                            .orElse(List.of()));
                    removeChild(c, null, false);
                }
            } else if (!c.rekeying && (!now.isBefore(c.rekeyAt) || bytes >= c.rekeyBytes
                    || forced.contains(c.config.name()))) {
                Optional<IsakmpSession> s = host.current();
                if (s.isPresent()) {
                    c.rekeying = true;
                    pending.add(c.config.name());
                    out.addAll(host.handle(s.get(), s.get().startQuickMode(c.config, now), now));
                } else {
                    out.addAll(host.mainModeForChildren(now));
                }
            }
        }
        return out;
    }

    void removeChild(ManagedChild c, String downReason, boolean audit) {
        children.remove(c);
        children.stream().filter(x -> x.replacement == c).forEach(x -> x.replacement = null);
        env.table().remove(c.pair);
        if (audit && downReason != null) {
            var snap = c.pair.status();
            env.audit().success(AuditEventType.IPSEC_CHILD_DOWN).object(peer)
                    .reason(downReason).detail("child", c.config.name()).detail("spi-in", hex(c.inboundSpi()))
                    .detail("spi-out", hex(c.outboundSpi())).detail("status", snap).write();
        }
    }

    private static String hex(int spi) {
        return String.format("%08x", spi);
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
