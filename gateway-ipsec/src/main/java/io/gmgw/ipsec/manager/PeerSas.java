package io.gmgw.ipsec.manager;

import io.gmgw.audit.AuditEventType;
import io.gmgw.ipsec.esp.EspSaPair;
import io.gmgw.ipsec.esp.EspTransform;
import io.gmgw.ipsec.ike.config.ChildConfig;
import io.gmgw.ipsec.ike.sa.ChildSa;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.ike.task.IkeEvent;
import io.gmgw.ipsec.ike.task.IsakmpSession;
import io.gmgw.ipsec.ike.task.Outbound;
import io.gmgw.ipsec.ike.task.TaskStep;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.ProtocolId;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's SAs: its ISAKMP sessions (the current one, one being rekeyed, losers of a collision waiting to be
 * deleted) and its CHILD SA pairs in the data plane's table, with every timer (rekey, expiry, DPD, retry). Sans-I/O:
 * what it sends comes back as {@link IkeSend}s; {@code now} is passed in.
 *
 * <p>Rules (docs/ipsec.md, "The SA manager"): a CHILD SA is replaced by a new quick mode before it expires, the new
 * pair installed first (the table sends on the newest), the old one receiving until the peer's first packet on the
 * new one or the grace. Two ISAKMP SAs up at once: the one with the lower cookies (CKY-I, then CKY-R, unsigned) is
 * used, the other deleted by the side that initiated it once idle; an SA we replaced by our own rekey is deleted by
 * us. Two CHILD SA pairs for one config where neither replaces the other (both sides initiated or rekeyed at once):
 * the pair with the lower SPI (the lower of its two, unsigned) stays, the other is deleted by both sides.
 */
final class PeerSas {
    private static final Logger LOG = LoggerFactory.getLogger("ike");
    private static final int MAX_SESSIONS = 4;
    private static final int REMEMBERED_DELETES = 64;
    private static final Duration IDLE_WAIT = Duration.ofSeconds(30);
    /** How long after the first pair of a config a second one counts as a collision rather than a rekey. */
    static final Duration COLLISION_WINDOW = Duration.ofSeconds(30);

    final PeerConfig config;
    private final SaEnvironment env;
    private final Map<IsakmpSession, SessionInfo> sessions = new LinkedHashMap<>();
    private final List<ManagedChild> children = new ArrayList<>();
    private final Set<String> pending = new HashSet<>();
    private final Set<String> forced = new HashSet<>();
    private final ArrayDeque<Integer> deletedByPeer = new ArrayDeque<>();
    private IsakmpSession rekeying;
    private Instant retryAt;
    private boolean wanted;
    private final DeadPeerDetection dpd;

    /** Per session: when it was created, whether we initiated it, its rekey time, whether we replaced it. */
    private static final class SessionInfo {
        final boolean ours;
        Instant rekeyAt;
        boolean replaced;
        Instant deleteBy;

        SessionInfo(boolean ours) {
            this.ours = ours;
        }
    }

    PeerSas(PeerConfig config, SaEnvironment env) {
        this.config = config;
        this.env = env;
        this.dpd = new DeadPeerDetection(config.dpd());
    }

    InetSocketAddress remote() {
        return config.phase1().remote();
    }

    Set<IsakmpSession> sessions() {
        return sessions.keySet();
    }

    // --- entry points

    /** Initiates main mode (when none is up or running) and then every CHILD SA. */
    List<IkeSend> up(Instant now) {
        wanted = true;
        if (current().isPresent()) {
            return startMissingChildren(now);
        }
        if (sessions.keySet().stream().anyMatch(s -> !s.failed() && !s.deleted())) {
            return List.of();
        }
        return initiate(now);
    }

    /** Deletes every SA with this peer, telling it. */
    List<IkeSend> down(Instant now, String reason) {
        wanted = false;
        List<IkeSend> out = new ArrayList<>();
        Optional<IsakmpSession> cur = current();
        for (ManagedChild c : List.copyOf(children)) {
            if (cur.isPresent()) {
                out.addAll(sends(cur.get().deleteChildren(List.of(c.inboundSpi()))));
            }
            removeChild(c, reason, true);
        }
        for (IsakmpSession s : List.copyOf(sessions.keySet())) {
            if (s.establishedSa().isPresent()) {
                out.addAll(sends(s.deleteIsakmpSaOnly()));
                ikeDown(s, reason);
            }
            sessions.remove(s);
        }
        rekeying = null;
        pending.clear();
        return out;
    }

    /** A new responder session for main mode message 1 from this peer, or empty when too many are running. */
    Optional<IsakmpSession> respond() {
        if (sessions.size() >= MAX_SESSIONS) {
            return Optional.empty();
        }
        IsakmpSession s = IsakmpSession.responder(config.phase1(), config.children(), env.random());
        sessions.put(s, new SessionInfo(false));
        return Optional.of(s);
    }

    List<IkeSend> receive(IsakmpSession s, byte[] datagram, boolean natTPort, Instant now) {
        dpd.heard(now);
        return handle(s, s.receive(datagram, natTPort, now), now);
    }

    /** An ESP SA ran into its sequence space's soft limit or end: rekey it now. */
    void forceRekey(int outboundSpi) {
        children.stream().filter(c -> c.outboundSpi() == outboundSpi).forEach(c -> forced.add(c.config.name()));
    }

    List<IkeSend> tick(Instant now) {
        List<IkeSend> out = new ArrayList<>();
        for (IsakmpSession s : List.copyOf(sessions.keySet())) {
            out.addAll(handle(s, s.tick(now), now));
        }
        out.addAll(ikeTimers(now));
        out.addAll(childTimers(now));
        out.addAll(deadPeerDetection(now));
        if (retryAt != null && !now.isBefore(retryAt)) {
            retryAt = null;
            if (wanted && current().isEmpty()) {
                out.addAll(initiate(now));
            }
        }
        return out;
    }

    Optional<Instant> deadline() {
        List<Instant> all = new ArrayList<>();
        sessions.forEach((s, i) -> {
            s.deadline().ifPresent(all::add);
            if (i.rekeyAt != null && !i.replaced) {
                all.add(i.rekeyAt);
            }
            if (i.deleteBy != null) {
                all.add(i.deleteBy);
            }
            s.establishedSa().ifPresent(sa -> all.add(sa.expiresAt()));
        });
        for (ManagedChild c : children) {
            all.add(c.replacement == null ? c.rekeyAt : c.retireBy);
            all.add(c.expiresAt);
        }
        if (retryAt != null) {
            all.add(retryAt);
        }
        if (config.dpd().enabled() && current().isPresent()) {
            dpd.deadline().ifPresent(all::add);
        }
        if (!children.isEmpty() || !forced.isEmpty()) {
            // volume lifetimes and the peer's first packet on a new pair are polled from the ESP counters
            all.add(Instant.MAX);
        }
        return all.stream().filter(t -> !t.equals(Instant.MAX)).min(Instant::compareTo);
    }

    // --- what the sessions report

    private List<IkeSend> handle(IsakmpSession s, TaskStep step, Instant now) {
        List<IkeSend> out = new ArrayList<>(sends(s, step.send()));
        for (IkeEvent e : step.events()) {
            switch (e) {
                case IkeEvent.IsakmpSaEstablished est -> out.addAll(ikeUp(s, est, now));
                case IkeEvent.ChildSaEstablished c -> out.addAll(childUp(s, c.child(), now));
                case IkeEvent.ExchangeFailed f -> out.addAll(failed(s, f, now));
                case IkeEvent.NotifyReceived n -> out.addAll(notified(s, n, now));
                case IkeEvent.DeleteReceived d -> out.addAll(deleted(s, d, now));
                case IkeEvent.PeerAuthenticationFailed a -> env.audit().failure(AuditEventType.IPSEC_AUTH_FAILED,
                        a.reason()).subject(a.certificateSubject()).object(config.name() + " " + remote())
                        .detail("notify", String.valueOf(a.notifyType()))
                        .detail("role", a.certificateRole()).detail("serial", a.certificateSerial())
                        .detail("problem", a.certificateProblem()).write();
                case IkeEvent.MessageDropped m -> LOG.debug("peer {}: dropped: {}", config.name(), m.reason());
            }
        }
        if (s.deleted() && sessions.containsKey(s) && s.establishedSa().isEmpty() && !s.failed()
                && sessions.get(s).rekeyAt != null) {
            // the peer deleted this ISAKMP SA
            ikeDown(s, "deleted by the peer");
            sessions.remove(s);
        }
        return out;
    }

    private List<IkeSend> ikeUp(IsakmpSession s, IkeEvent.IsakmpSaEstablished est, Instant now) {
        IsakmpSa sa = est.sa();
        SessionInfo info = sessions.get(s);
        info.rekeyAt = config.rekey().rekeyAt(sa.establishedAt(), sa.proposal().lifetimeSeconds(),
                config.rekey().ikeMargin(), env.random().nextDouble());
        dpd.heard(now);
        env.audit().success(AuditEventType.IPSEC_IKE_UP).subject(String.valueOf(sa.peerId()))
                .object(config.name() + " " + remote()).detail("cookies", cookies(s))
                .detail("initiator", sa.initiator()).detail("proposal", sa.proposal())
                .detail("dpd", s.peerSupportsDpd()).write();
        if (est.initialContact()) {
            // RFC 2407 §4.6.3.3: the peer has no state from before; whatever we hold with it is stale.
            // SAs younger than the collision window are the other half of a simultaneous start, not stale.
            Instant stale = now.minus(COLLISION_WINDOW);
            for (IsakmpSession old : List.copyOf(sessions.keySet())) {
                if (old != s && old.establishedSa().filter(x -> x.establishedAt().isBefore(stale)).isPresent()) {
                    old.forget();
                    ikeDown(old, "INITIAL-CONTACT from the peer");
                    sessions.remove(old);
                }
            }
            for (ManagedChild c : List.copyOf(children)) {
                if (c.installed.isBefore(stale)) {
                    removeChild(c, "INITIAL-CONTACT from the peer", true);
                }
            }
        }
        if (rekeying == s) {
            rekeying = null;
            sessions.forEach((o, i) -> {
                if (o != s && o.establishedSa().isPresent()) {
                    i.replaced = true;
                    i.deleteBy = now.plus(IDLE_WAIT);
                }
            });
            env.audit().success(AuditEventType.IPSEC_REKEY).object(config.name() + " " + remote())
                    .detail("phase", 1).detail("cookies", cookies(s)).write();
        }
        markCollisionLosers(now);
        return startMissingChildren(now);
    }

    /** Of our sessions up and not replaced, all but the lowest cookies lose; we delete those we initiated. */
    private void markCollisionLosers(Instant now) {
        List<IsakmpSession> live = sessions.keySet().stream()
                .filter(x -> x.establishedSa().isPresent() && !sessions.get(x).replaced).toList();
        if (live.size() < 2) {
            return;
        }
        IsakmpSession keep = live.stream().min(PeerSas::compareCookies).orElseThrow();
        for (IsakmpSession x : live) {
            if (x != keep) {
                SessionInfo i = sessions.get(x);
                i.replaced = true;
                i.deleteBy = i.ours ? now.plus(IDLE_WAIT) : null;
                env.audit().success(AuditEventType.IPSEC_REKEY).object(config.name() + " " + remote())
                        .reason("ISAKMP SA collision: " + cookies(keep) + " kept, " + cookies(x) + " dropped")
                        .detail("phase", 1).write();
            }
        }
    }

    private List<IkeSend> childUp(IsakmpSession s, ChildSa child, Instant now) {
        pending.remove(child.name());
        Optional<ChildConfig> cfg = config.children().stream().filter(c -> c.name().equals(child.name()))
                .findFirst();
        if (cfg.isEmpty() || deletedByPeer.contains(child.outbound().spi())) {
            // a pair the peer already deleted (its delete overtook our last quick-mode message)
            return sends(s.deleteChildren(List.of(child.inbound().spi())));
        }
        ManagedChild fresh;
        try {
            fresh = install(cfg.get(), child, s, now);
        } catch (RuntimeException e) {
            env.audit().failure(AuditEventType.IPSEC_CHILD_UP, e).object(config.name() + " " + remote()).write();
            return sends(s.deleteChildren(List.of(child.inbound().spi())));
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
            env.audit().success(AuditEventType.IPSEC_CHILD_UP).object(config.name() + " " + remote())
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
            env.audit().success(AuditEventType.IPSEC_REKEY).object(config.name() + " " + remote())
                    .reason("CHILD SA collision: " + hex(keep.inboundSpi()) + " kept, " + hex(drop.inboundSpi())
                            + " dropped").detail("child", child.name()).detail("phase", 2).write();
            out.addAll(current().map(c -> sends(c.deleteChildren(List.of(drop.inboundSpi())))).orElse(List.of()));
            removeChild(drop, null, false);
            if (keep == fresh && replaced == null) {
                env.audit().success(AuditEventType.IPSEC_CHILD_UP).object(config.name() + " " + remote())
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
        env.audit().success(AuditEventType.IPSEC_REKEY).object(config.name() + " " + remote()).reason(why)
                .detail("child", old.config.name()).detail("phase", 2).detail("old-spi-in", hex(old.inboundSpi()))
                .detail("spi-in", hex(fresh.inboundSpi())).detail("spi-out", hex(fresh.outboundSpi())).write();
    }

    private ManagedChild install(ChildConfig cfg, ChildSa child, IsakmpSession s, Instant now) {
        InetSocketAddress espPeer = new InetSocketAddress(remote().getAddress(), 4500);
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

    private List<IkeSend> failed(IsakmpSession s, IkeEvent.ExchangeFailed f, Instant now) {
        if (f.exchange().startsWith("quick mode ")) {
            String name = f.exchange().substring("quick mode ".length());
            pending.remove(name);
            children.stream().filter(c -> c.config.name().equals(name)).forEach(c -> c.rekeying = false);
            env.audit().failure(AuditEventType.IPSEC_CHILD_UP, f.reason()).object(config.name() + " " + remote())
                    .detail("child", name).detail("notify", String.valueOf(f.notifyType())).write();
            return List.of();
        }
        if (!s.failed()) {
            return List.of();
        }
        env.audit().failure(AuditEventType.IPSEC_IKE_UP, f.reason()).object(config.name() + " " + remote())
                .detail("notify", String.valueOf(f.notifyType())).write();
        sessions.remove(s);
        if (rekeying == s) {
            rekeying = null;
        }
        if (wanted || !children.isEmpty()) {
            retryAt = now.plus(config.rekey().retryInterval());
        }
        return List.of();
    }

    private List<IkeSend> notified(IsakmpSession s, IkeEvent.NotifyReceived n, Instant now) {
        if (!n.authenticated()) {
            return List.of();
        }
        int type = n.notification().messageType();
        Octets data = n.notification().data();
        if (type == NotifyType.DPD_R_U_THERE && data.length() == 4 && s.establishedSa().isPresent()) {
            // RFC 3706 §5: answer with the same sequence number.
            return sends(s.notify(NotifyType.DPD_R_U_THERE_ACK, data));
        }
        if (type == NotifyType.DPD_R_U_THERE_ACK && data.length() == 4) {
            dpd.acknowledged(ByteBuffer.wrap(data.toByteArray()).getInt(), now);
        }
        return List.of();
    }

    private List<IkeSend> deleted(IsakmpSession s, IkeEvent.DeleteReceived d, Instant now) {
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

    // --- timers

    private List<IkeSend> ikeTimers(Instant now) {
        List<IkeSend> out = new ArrayList<>();
        for (IsakmpSession s : List.copyOf(sessions.keySet())) {
            SessionInfo i = sessions.get(s);
            Optional<IsakmpSa> sa = s.establishedSa();
            if (sa.isEmpty()) {
                if (s.failed() || s.deleted()) {
                    sessions.remove(s);
                }
                continue;
            }
            if (!now.isBefore(sa.get().expiresAt())) {
                out.addAll(sends(s.deleteIsakmpSaOnly()));
                ikeDown(s, "expired");
                sessions.remove(s);
            } else if (i.replaced && i.deleteBy != null && (s.deadline().isEmpty() || !now.isBefore(i.deleteBy))) {
                out.addAll(sends(s.deleteIsakmpSaOnly()));
                ikeDown(s, "replaced");
                sessions.remove(s);
            } else if (!i.replaced && !now.isBefore(i.rekeyAt) && rekeying == null && current().orElse(null) == s) {
                LOG.info("peer {}: rekeying ISAKMP SA {}", config.name(), cookies(s));
                IsakmpSession fresh = IsakmpSession.rekeyInitiator(config.phase1(), config.children(),
                        env.random());
                sessions.put(fresh, new SessionInfo(true));
                rekeying = fresh;
                out.addAll(handle(fresh, fresh.initiate(now), now));
            }
        }
        return out;
    }

    private List<IkeSend> childTimers(Instant now) {
        List<IkeSend> out = new ArrayList<>();
        for (ManagedChild c : List.copyOf(children)) {
            if (!children.contains(c)) {
                continue;
            }
            long bytes = c.bytes();
            if (!now.isBefore(c.expiresAt) || bytes >= c.hardBytes) {
                out.addAll(current().map(s -> sends(s.deleteChildren(List.of(c.inboundSpi())))).orElse(List.of()));
                removeChild(c, bytes >= c.hardBytes ? "byte lifetime spent" : "expired", c.replacement == null);
            } else if (c.replacement != null) {
                if (!now.isBefore(c.retireBy) || c.replacement.pair.inbound().counters().packets() > 0) {
                    out.addAll(current().map(s -> sends(s.deleteChildren(List.of(c.inboundSpi()))))
                            .orElse(List.of()));
                    removeChild(c, null, false);
                }
            } else if (!c.rekeying && (!now.isBefore(c.rekeyAt) || bytes >= c.rekeyBytes
                    || forced.contains(c.config.name()))) {
                Optional<IsakmpSession> s = current();
                if (s.isPresent()) {
                    c.rekeying = true;
                    pending.add(c.config.name());
                    out.addAll(handle(s.get(), s.get().startQuickMode(c.config, now), now));
                } else if (sessions.isEmpty() && retryAt == null) {
                    out.addAll(initiate(now));
                }
            }
        }
        return out;
    }

    private List<IkeSend> deadPeerDetection(Instant now) {
        Optional<IsakmpSession> cur = current();
        // A GM peer announces nothing (its main mode carries no vendor IDs): DPD configured for it is trusted.
        if (!config.dpd().enabled() || cur.isEmpty()
                || !(cur.get().peerSupportsDpd() || config.phase1().profile().gm().isPresent())) {
            return List.of();
        }
        dpd.inboundPackets(children.stream().mapToLong(c -> c.pair.inbound().counters().packets()).sum(), now);
        if (dpd.dead(now)) {
            env.audit().success(AuditEventType.IPSEC_DPD_DEAD).object(config.name() + " " + remote())
                    .detail("unanswered", dpd.outstanding()).detail("since", dpd.firstSent()).write();
            LOG.warn("peer {}: dead ({} R-U-THERE unanswered since {})", config.name(), dpd.outstanding(),
                    dpd.firstSent());
            dpd.reset();
            for (ManagedChild c : List.copyOf(children)) {
                removeChild(c, "peer dead", true);
            }
            for (IsakmpSession s : List.copyOf(sessions.keySet())) {
                s.forget();
                ikeDown(s, "peer dead");
                sessions.remove(s);
            }
            rekeying = null;
            pending.clear();
            if (config.startAction() == StartAction.START) {
                retryAt = now.plus(config.rekey().retryInterval());
            }
            return List.of();
        }
        OptionalInt seq = dpd.due(now, env.random()::nextInt);
        if (seq.isEmpty()) {
            return List.of();
        }
        return sends(cur.get().notify(NotifyType.DPD_R_U_THERE,
                Octets.of(ByteBuffer.allocate(4).putInt(seq.getAsInt()).array())));
    }

    // --- helpers

    private List<IkeSend> initiate(Instant now) {
        // INITIAL-CONTACT only when we hold nothing with the peer (strongSwan's rule, RFC 2407 §4.6.3.3)
        boolean holding = !children.isEmpty() || sessions.keySet().stream().anyMatch(x -> x.establishedSa()
                .isPresent());
        IsakmpSession s = holding ? IsakmpSession.rekeyInitiator(config.phase1(), config.children(), env.random())
                : IsakmpSession.initiator(config.phase1(), config.children(), env.random());
        sessions.put(s, new SessionInfo(true));
        return handle(s, s.initiate(now), now);
    }

    private List<IkeSend> startMissingChildren(Instant now) {
        List<IkeSend> out = new ArrayList<>();
        Optional<IsakmpSession> s = current();
        if (s.isEmpty() || !(wanted || config.startAction() == StartAction.START || !children.isEmpty())) {
            return out;
        }
        for (ChildConfig c : config.children()) {
            boolean have = children.stream().anyMatch(x -> x.config.name().equals(c.name()) && x.replacement == null);
            if (!have && !pending.contains(c.name()) && s.get().establishedSa().map(IsakmpSa::initiator)
                    .orElse(false)) {
                pending.add(c.name());
                out.addAll(handle(s.get(), s.get().startQuickMode(c, now), now));
            } else if (have) {
                children.stream().filter(x -> x.config.name().equals(c.name()) && x.replacement == null
                        && x.rekeying && !pending.contains(c.name())).forEach(x -> x.rekeying = false);
            }
        }
        return out;
    }

    /** The session new exchanges go over: up, not replaced, the lowest cookies. */
    Optional<IsakmpSession> current() {
        return sessions.entrySet().stream().filter(e -> e.getKey().establishedSa().isPresent()
                && !e.getValue().replaced).map(Map.Entry::getKey).min(PeerSas::compareCookies);
    }

    private void removeChild(ManagedChild c, String downReason, boolean audit) {
        children.remove(c);
        children.stream().filter(x -> x.replacement == c).forEach(x -> x.replacement = null);
        env.table().remove(c.pair);
        if (audit && downReason != null) {
            var snap = c.pair.status();
            env.audit().success(AuditEventType.IPSEC_CHILD_DOWN).object(config.name() + " " + remote())
                    .reason(downReason).detail("child", c.config.name()).detail("spi-in", hex(c.inboundSpi()))
                    .detail("spi-out", hex(c.outboundSpi())).detail("status", snap).write();
        }
    }

    private void ikeDown(IsakmpSession s, String reason) {
        env.audit().success(AuditEventType.IPSEC_IKE_DOWN).object(config.name() + " " + remote()).reason(reason)
                .detail("cookies", cookies(s)).write();
    }

    PeerStatus status(Instant now) {
        Optional<IsakmpSession> cur = current();
        List<IkeSaStatus> ike = new ArrayList<>();
        sessions.forEach((s, i) -> s.establishedSa().ifPresent(sa -> ike.add(new IkeSaStatus(config.name(),
                cookies(s), sa.initiator(), String.valueOf(sa.proposal()), cur.orElse(null) == s,
                s.peerSupportsDpd(), positive(Duration.between(now, sa.expiresAt()))))));
        List<ChildSaStatus> ch = children.stream().map(c -> new ChildSaStatus(config.name(), c.pair.status(),
                c.replacement == null, c.replacement == null ? positive(Duration.between(now, c.rekeyAt)) : null,
                positive(Duration.between(now, c.expiresAt)), c.rekeyBytes, c.hardBytes)).toList();
        return new PeerStatus(config.name(), remote().toString(), ike, ch, dpd.lastAck(), dpd.outstanding());
    }

    private List<IkeSend> sends(TaskStep step) {
        return sends(null, step.send());
    }

    private List<IkeSend> sends(IsakmpSession s, List<Outbound> out) {
        return out.stream().map(o -> new IkeSend(o.datagram(), o.natTPort(),
                new InetSocketAddress(remote().getAddress(), o.natTPort() ? 4500 : remote().getPort()))).toList();
    }

    private static int compareCookies(IsakmpSession a, IsakmpSession b) {
        int c = Long.compareUnsigned(a.initiatorCookie(), b.initiatorCookie());
        return c != 0 ? c : Long.compareUnsigned(a.responderCookie(), b.responderCookie());
    }

    static String cookies(IsakmpSession s) {
        return String.format("%016x:%016x", s.initiatorCookie(), s.responderCookie());
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
