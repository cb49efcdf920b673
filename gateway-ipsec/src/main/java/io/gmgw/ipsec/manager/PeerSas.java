package io.gmgw.ipsec.manager;

import io.gmgw.audit.AuditEventType;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.ike.task.IkeEvent;
import io.gmgw.ipsec.ike.task.IsakmpSession;
import io.gmgw.ipsec.ike.task.Outbound;
import io.gmgw.ipsec.ike.task.TaskStep;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    private static final Duration IDLE_WAIT = Duration.ofSeconds(30);

    final PeerConfig config;
    private final SaEnvironment env;
    private final Map<IsakmpSession, SessionInfo> sessions = new LinkedHashMap<>();
    private final ChildSas childSas;
    private IsakmpSession rekeying;
    private Instant retryAt;
    private boolean wanted;
    private final DeadPeerDetection dpd;

    /** Per session: when it was created, whether we initiated it, its rekey time, whether we replaced it. */
    private static final class SessionInfo {
        final boolean ours;
        Instant rekeyAt;
        boolean replaced;
        /** Lost a collision: unused while the winner lives, deleted by us when ours, else by the peer. */
        boolean lost;
        Instant deleteBy;

        SessionInfo(boolean ours) {
            this.ours = ours;
        }
    }

    PeerSas(PeerConfig config, SaEnvironment env) {
        this.config = config;
        this.env = env;
        this.dpd = new DeadPeerDetection(config.dpd());
        this.childSas = new ChildSas(this, config, env);
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
        out.addAll(childSas.deleteAll(current(), reason));
        for (IsakmpSession s : List.copyOf(sessions.keySet())) {
            if (s.establishedSa().isPresent()) {
                out.addAll(sends(s.deleteIsakmpSaOnly()));
                ikeDown(s, reason);
            }
            sessions.remove(s);
        }
        rekeying = null;
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
        childSas.forceRekey(outboundSpi);
    }

    List<IkeSend> tick(Instant now) {
        List<IkeSend> out = new ArrayList<>();
        for (IsakmpSession s : List.copyOf(sessions.keySet())) {
            out.addAll(handle(s, s.tick(now), now));
        }
        out.addAll(ikeTimers(now));
        out.addAll(childSas.timers(now));
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
        childSas.deadlines(all);
        if (retryAt != null) {
            all.add(retryAt);
        }
        if (config.dpd().enabled() && current().isPresent()) {
            dpd.deadline().ifPresent(all::add);
        }
        // volume lifetimes and the peer's first packet on a new pair are polled from the ESP counters by the driver
        return all.stream().min(Instant::compareTo);
    }

    // --- what the sessions report

    List<IkeSend> handle(IsakmpSession s, TaskStep step, Instant now) {
        List<IkeSend> out = new ArrayList<>(sends(s, step.send()));
        for (IkeEvent e : step.events()) {
            switch (e) {
                case IkeEvent.IsakmpSaEstablished est -> out.addAll(ikeUp(s, est, now));
                case IkeEvent.ChildSaEstablished c -> out.addAll(childSas.childUp(s, c.child(), now));
                case IkeEvent.ExchangeFailed f -> out.addAll(failed(s, f, now));
                case IkeEvent.NotifyReceived n -> out.addAll(notified(s, n, now));
                case IkeEvent.DeleteReceived d -> out.addAll(childSas.deleted(d));
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
            Instant stale = now.minus(ChildSas.COLLISION_WINDOW);
            for (IsakmpSession old : List.copyOf(sessions.keySet())) {
                if (old != s && old.establishedSa().filter(x -> x.establishedAt().isBefore(stale)).isPresent()) {
                    old.forget();
                    ikeDown(old, "INITIAL-CONTACT from the peer");
                    sessions.remove(old);
                }
            }
            childSas.dropAll("INITIAL-CONTACT from the peer", stale);
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
            // strongSwan ties IKEv1 CHILD SAs to their ISAKMP SA and drops them with it: renew them under the new
            // one before the old is deleted (its IKEv1 reauthentication does the same)
            childSas.rekeyAll();
        }
        markCollisionLosers(now);
        return startMissingChildren(now);
    }

    /** Of our sessions up and not replaced, all but the lowest cookies lose; we delete those we initiated. */
    private void markCollisionLosers(Instant now) {
        List<IsakmpSession> live = sessions.keySet().stream()
                .filter(x -> x.establishedSa().isPresent() && !sessions.get(x).replaced && !sessions.get(x).lost)
                .toList();
        if (live.size() < 2) {
            return;
        }
        IsakmpSession keep = live.stream().min(PeerSas::compareCookies).orElseThrow();
        for (IsakmpSession x : live) {
            if (x != keep) {
                SessionInfo i = sessions.get(x);
                i.lost = true;
                i.deleteBy = i.ours ? now.plus(IDLE_WAIT) : null;
                env.audit().success(AuditEventType.IPSEC_REKEY).object(config.name() + " " + remote())
                        .reason("ISAKMP SA collision: " + cookies(keep) + " kept, " + cookies(x) + " dropped")
                        .detail("phase", 1).write();
            }
        }
    }

    private List<IkeSend> failed(IsakmpSession s, IkeEvent.ExchangeFailed f, Instant now) {
        if (f.exchange().startsWith("quick mode ")) {
            String name = f.exchange().substring("quick mode ".length());
            childSas.quickModeFailed(name);
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
        if (wanted || !childSas.isEmpty()) {
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
            } else if ((i.replaced || i.lost) && i.deleteBy != null && ((s.deadline().isEmpty()
                    && !childSas.rekeying())
                    || !now.isBefore(i.deleteBy))) {
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

    private List<IkeSend> deadPeerDetection(Instant now) {
        Optional<IsakmpSession> cur = current();
        // A GM peer announces nothing (its main mode carries no vendor IDs): DPD configured for it is trusted.
        if (!config.dpd().enabled() || cur.isEmpty()
                || !(cur.get().peerSupportsDpd() || config.phase1().profile().gm().isPresent())) {
            return List.of();
        }
        dpd.inboundPackets(childSas.inboundPackets(), now);
        if (dpd.dead(now)) {
            int unanswered = dpd.outstanding();
            Instant since = dpd.firstSent();
            LOG.warn("peer {}: dead ({} R-U-THERE unanswered since {})", config.name(), unanswered, since);
            dpd.reset();
            childSas.dropAll("peer dead", null);
            for (IsakmpSession s : List.copyOf(sessions.keySet())) {
                s.forget();
                ikeDown(s, "peer dead");
                sessions.remove(s);
            }
            rekeying = null;
            // written once the SAs are gone, as the event says
            env.audit().success(AuditEventType.IPSEC_DPD_DEAD).object(config.name() + " " + remote())
                    .detail("unanswered", unanswered).detail("since", since).write();
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
        boolean holding = !childSas.isEmpty() || sessions.keySet().stream().anyMatch(x -> x.establishedSa()
                .isPresent());
        IsakmpSession s = holding ? IsakmpSession.rekeyInitiator(config.phase1(), config.children(), env.random())
                : IsakmpSession.initiator(config.phase1(), config.children(), env.random());
        sessions.put(s, new SessionInfo(true));
        return handle(s, s.initiate(now), now);
    }

    private List<IkeSend> startMissingChildren(Instant now) {
        Optional<IsakmpSession> s = current();
        if (s.isEmpty() || !(wanted || config.startAction() == StartAction.START || !childSas.isEmpty())) {
            return List.of();
        }
        return childSas.startMissing(s.get(), now);
    }

    /** A CHILD SA is due for rekeying and no ISAKMP SA is up: start main mode (unless one runs or waits). */
    List<IkeSend> mainModeForChildren(Instant now) {
        return sessions.isEmpty() && retryAt == null ? initiate(now) : List.of();
    }

    /**
     * The session new exchanges go over: up, not replaced by our rekey, the lowest cookies; one that lost a
     * collision only when the winner is gone (the peer deleted it: it was the peer's rekey, not a collision).
     */
    Optional<IsakmpSession> current() {
        Optional<IsakmpSession> c = sessions.entrySet().stream().filter(e -> e.getKey().establishedSa().isPresent()
                && !e.getValue().replaced && !e.getValue().lost).map(Map.Entry::getKey)
                .min(PeerSas::compareCookies);
        return c.isPresent() ? c : sessions.entrySet().stream().filter(e -> e.getKey().establishedSa().isPresent()
                && !e.getValue().replaced && e.getValue().deleteBy == null).map(Map.Entry::getKey)
                .min(PeerSas::compareCookies);
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
        List<ChildSaStatus> ch = childSas.status(now);
        return new PeerStatus(config.name(), remote().toString(), ike, ch, dpd.lastAck(), dpd.outstanding());
    }

    List<IkeSend> sends(TaskStep step) {
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

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

}
