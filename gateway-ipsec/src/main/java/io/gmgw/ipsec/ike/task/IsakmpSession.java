package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.ike.config.ChildConfig;
import io.gmgw.ipsec.ike.config.Phase1Config;
import io.gmgw.ipsec.ike.sa.ChildSa;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.codec.IsakmpDecoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpFormatException;
import io.gmgw.ipsec.isakmp.codec.IsakmpLimits;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpDatagram;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Notification;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One peer's ISAKMP SA and the exchanges under it, sans-I/O: routes each datagram by exchange type and message id to
 * main mode, a quick mode (at most {@value #MAX_QUICK_MODES} remembered, finished ones kept for duplicates until
 * evicted) or the informational handler, and collects what they send and report. The SA manager that owns sessions,
 * rekeys and lifetimes sits above; this class holds no socket, thread or clock.
 */
public final class IsakmpSession {
    static final int MAX_QUICK_MODES = 16;

    private final Phase1Config config;
    private final List<ChildConfig> children;
    private final SecureRandom random;
    private final IsakmpDecoder decoder;
    private final MainModeTask mainMode;
    private final Map<Integer, QuickModeTask> quickModes = new LinkedHashMap<>();
    private final List<ChildSa> childSas = new ArrayList<>();
    private boolean deleted;

    private IsakmpSession(boolean initiator, Phase1Config config, List<ChildConfig> children, SecureRandom random,
            IsakmpLimits limits) {
        this.config = Objects.requireNonNull(config, "config");
        this.children = List.copyOf(children);
        this.random = Objects.requireNonNull(random, "random");
        this.decoder = new IsakmpDecoder(limits);
        this.mainMode = initiator ? MainModeTask.initiator(config, random, limits)
                : MainModeTask.responder(config, random, limits);
    }

    public static IsakmpSession initiator(Phase1Config config, List<ChildConfig> children, SecureRandom random) {
        return new IsakmpSession(true, config, children, random, IsakmpLimits.DEFAULT);
    }

    /**
     * An initiator that leaves INITIAL-CONTACT out: for a new main mode while we still hold SAs with the peer (a
     * phase-1 rekey), which the peer must not drop.
     */
    public static IsakmpSession rekeyInitiator(Phase1Config config, List<ChildConfig> children, SecureRandom random) {
        IsakmpSession s = new IsakmpSession(true, config, children, random, IsakmpLimits.DEFAULT);
        s.mainMode.withoutInitialContact();
        return s;
    }

    public static IsakmpSession responder(Phase1Config config, List<ChildConfig> children, SecureRandom random) {
        return new IsakmpSession(false, config, children, random, IsakmpLimits.DEFAULT);
    }

    /** Starts main mode (initiator). */
    public TaskStep initiate(Instant now) {
        return mainMode.start(now);
    }

    /** Starts quick mode for {@code child} under the established SA. */
    public TaskStep startQuickMode(ChildConfig child, Instant now) {
        IsakmpSa sa = establishedSa().orElseThrow(() -> new IllegalStateException("no established ISAKMP SA"));
        QuickModeTask qm = QuickModeTask.initiator(sa, child, random, mainMode.natTPort());
        TaskStep step = qm.start(now);
        remember(qm.messageId(), qm);
        return collect(step);
    }

    public Optional<IsakmpSa> establishedSa() {
        return mainMode.sa().filter(IsakmpSa::established).filter(s -> !deleted);
    }

    public boolean failed() {
        return mainMode.failed();
    }

    public boolean deleted() {
        return deleted;
    }

    public List<ChildSa> childSas() {
        return List.copyOf(childSas);
    }

    /** Whether the peer announced RFC 3706 dead peer detection in main mode. */
    public boolean peerSupportsDpd() {
        return mainMode.peerSupportsDpd();
    }

    /** Our initiator cookie when we initiated, the peer's when we respond (0 before main mode began). */
    public long initiatorCookie() {
        return mainMode.initiatorCookie();
    }

    public long responderCookie() {
        return mainMode.responderCookie();
    }

    /**
     * A protected notify about the ISAKMP SA (RFC 3706 R-U-THERE / R-U-THERE-ACK with their sequence number as
     * data), in a fresh informational exchange.
     */
    public TaskStep notify(int type, Octets data) {
        IsakmpSa sa = establishedSa().orElseThrow(() -> new IllegalStateException("no established ISAKMP SA"));
        return TaskStep.send(new Outbound(Informational.notify(sa, nonZero(), type, data), natTPort()));
    }

    /** Deletes CHILD SAs by their inbound SPIs, telling the peer; the ISAKMP SA stays. */
    public TaskStep deleteChildren(List<Integer> inboundSpis) {
        IsakmpSa sa = establishedSa().orElseThrow(() -> new IllegalStateException("no established ISAKMP SA"));
        childSas.removeIf(c -> {
            boolean gone = inboundSpis.contains(c.inbound().spi());
            if (gone) {
                c.destroy();
            }
            return gone;
        });
        return TaskStep.send(new Outbound(Informational.deleteEsp(sa, nonZero(), inboundSpis), natTPort()));
    }

    /** Deletes the ISAKMP SA alone (after a phase-1 rekey the CHILD SAs live on under the new one), telling the peer. */
    public TaskStep deleteIsakmpSaOnly() {
        IsakmpSa sa = establishedSa().orElseThrow(() -> new IllegalStateException("no established ISAKMP SA"));
        byte[] d = Informational.deleteIsakmpSa(sa, nonZero());
        boolean natT = natTPort();
        forget();
        return TaskStep.send(new Outbound(d, natT));
    }

    /** Drops everything without telling the peer (a dead peer, INITIAL-CONTACT), wiping the keys. */
    public void forget() {
        childSas.forEach(ChildSa::destroy);
        childSas.clear();
        deleted = true;
        mainMode.sa().ifPresent(IsakmpSa::destroy);
    }

    /** Whether datagrams now go to port 4500. */
    public boolean natTPort() {
        return mainMode.natTPort();
    }

    /** A datagram from the peer (the non-ESP marker already stripped when it came to port 4500). */
    public TaskStep receive(byte[] datagram, boolean natTPort, Instant now) {
        IsakmpDatagram d;
        try {
            d = decoder.decode(datagram);
        } catch (IsakmpFormatException e) {
            return malformed(datagram, e);
        }
        Inbound in = new Inbound(datagram.clone(), d, natTPort);
        IsakmpHeader h = d.header();
        if (mainMode.initiatorCookie() != 0 && h.initiatorCookie() != mainMode.initiatorCookie()) {
            return TaskStep.event(new IkeEvent.MessageDropped("initiator cookie " + Long.toHexString(
                    h.initiatorCookie()) + " is not this session's"));
        }
        try {
            return switch (h.exchangeType()) {
                case IDENTITY_PROTECTION -> collect(mainMode.receive(in, now));
                case QUICK_MODE -> quickMode(in, now);
                case INFORMATIONAL -> informational(d);
                default -> throw new IkeNotifyException(NotifyType.UNSUPPORTED_EXCHANGE_TYPE, h.exchangeType()
                        + " exchanges are not supported");
            };
        } catch (IkeNotifyException e) {
            return refuse(e.notifyType(), e.getMessage(), h.initiatorCookie(), h.responderCookie());
        }
    }

    /** Retransmissions and timeouts due at {@code now}, in every exchange. */
    public TaskStep tick(Instant now) {
        TaskStep step = collect(mainMode.tick(now));
        for (QuickModeTask qm : List.copyOf(quickModes.values())) {
            step = step.and(collect(qm.tick(now)));
        }
        return step;
    }

    /** The earliest deadline of any exchange. */
    public Optional<Instant> deadline() {
        Optional<Instant> d = mainMode.deadline();
        for (QuickModeTask qm : quickModes.values()) {
            Optional<Instant> q = qm.deadline();
            if (q.isPresent() && (d.isEmpty() || q.get().isBefore(d.get()))) {
                d = q;
            }
        }
        return d;
    }

    /** Deletes every CHILD SA and then the ISAKMP SA, telling the peer (RFC 2408 §3.15), and wipes the keys. */
    public TaskStep delete() {
        IsakmpSa sa = establishedSa().orElseThrow(() -> new IllegalStateException("no established ISAKMP SA"));
        List<Outbound> send = new ArrayList<>();
        if (!childSas.isEmpty()) {
            send.add(new Outbound(Informational.deleteEsp(sa, nonZero(),
                    childSas.stream().map(c -> c.inbound().spi()).toList()), natTPort()));
        }
        send.add(new Outbound(Informational.deleteIsakmpSa(sa, nonZero()), natTPort()));
        childSas.forEach(ChildSa::destroy);
        childSas.clear();
        deleted = true;
        sa.destroy();
        return new TaskStep(send, List.of());
    }

    private TaskStep quickMode(Inbound in, Instant now) {
        IsakmpSa sa = establishedSa().orElseThrow(() -> new IkeNotifyException(NotifyType.INVALID_EXCHANGE_TYPE,
                "quick mode before main mode finished"));
        int mid = in.datagram().header().messageId();
        QuickModeTask qm = quickModes.get(mid);
        if (qm == null) {
            if (children.isEmpty()) {
                throw new IkeNotifyException(NotifyType.NO_PROPOSAL_CHOSEN, "no CHILD SA is configured");
            }
            qm = QuickModeTask.responder(sa, children, random, mainMode.natTPort() || in.natTPort());
            remember(mid, qm);
        }
        return collect(qm.receive(in, now));
    }

    private TaskStep informational(IsakmpDatagram d) {
        List<IkeEvent> events;
        if (d instanceof EncryptedIsakmpMessage e) {
            IsakmpSa sa = establishedSa().orElseThrow(() -> new IkeNotifyException(NotifyType.INVALID_FLAGS,
                    "an encrypted informational message before main mode finished"));
            events = Informational.open(sa, e);
        } else {
            // In the clear: unauthenticated, reported but never acted on beyond the log (RFC 2408 §5.15).
            List<Notification> notes = ((IsakmpMessage) d).all(Notification.class);
            TaskStep step = new TaskStep(List.of(), notes.stream()
                    .map(n -> (IkeEvent) new IkeEvent.NotifyReceived(n, false)).toList());
            for (Notification n : notes) {
                // CKY-I was checked above; CKY-R is ours, or not known yet when message 1 was refused
                if (mainMode.responderCookie() == 0 || d.header().responderCookie() == mainMode.responderCookie()) {
                    step = step.and(mainMode.peerRefused(n));
                }
            }
            return step;
        }
        for (IkeEvent ev : events) {
            if (ev instanceof IkeEvent.DeleteReceived del) {
                if (del.delete().protocolId() == io.gmgw.ipsec.isakmp.ProtocolId.ISAKMP) {
                    if (del.delete().spis().stream().anyMatch(sa()::isSpi)) {
                        // RFC 2408 §3.15: the peer dropped the ISAKMP SA; its CHILD SAs live on until they expire
                        // or are deleted, but no exchange can run under it any more.
                        deleted = true;
                        mainMode.sa().ifPresent(IsakmpSa::destroy);
                    }
                } else {
                    for (Octets spi : del.delete().spis()) {
                        int v = ByteBuffer.wrap(spi.toByteArray()).getInt();
                        childSas.removeIf(c -> {
                            boolean gone = c.outbound().spi() == v;
                            if (gone) {
                                c.destroy();
                            }
                            return gone;
                        });
                    }
                }
            }
        }
        return new TaskStep(List.of(), events);
    }

    private IsakmpSa sa() {
        return mainMode.sa().orElseThrow();
    }

    private TaskStep malformed(byte[] datagram, IsakmpFormatException e) {
        // Answer only a message that names this session; anything else is dropped silently (no reflection).
        if (datagram.length >= 8 && mainMode.initiatorCookie() != 0
                && ByteBuffer.wrap(datagram).getLong() == mainMode.initiatorCookie()) {
            ByteBuffer b = ByteBuffer.wrap(datagram);
            return refuse(e.notifyType(), e.getMessage(), b.getLong(0), datagram.length >= 16 ? b.getLong(8) : 0);
        }
        return TaskStep.event(new IkeEvent.MessageDropped(e.getMessage()));
    }

    private TaskStep refuse(int notifyType, String reason, long ckyI, long ckyR) {
        Optional<IsakmpSa> sa = establishedSa();
        byte[] notify = sa.isPresent()
                ? Informational.notify(sa.get(), nonZero(), notifyType, Octets.EMPTY)
                : Informational.plainNotify(config.profile().isakmpVersion(), ckyI, ckyR, nonZero(), notifyType);
        return new TaskStep(List.of(new Outbound(notify, natTPort())), List.of(new IkeEvent.MessageDropped(reason)));
    }

    private TaskStep collect(TaskStep step) {
        for (IkeEvent e : step.events()) {
            if (e instanceof IkeEvent.ChildSaEstablished c) {
                childSas.add(c.child());
            }
        }
        return step;
    }

    private void remember(int mid, QuickModeTask qm) {
        if (quickModes.size() >= MAX_QUICK_MODES) {
            Iterator<QuickModeTask> it = quickModes.values().iterator();
            while (it.hasNext()) {
                if (it.next().finished()) {
                    it.remove();
                    break;
                }
            }
            if (quickModes.size() >= MAX_QUICK_MODES) {
                throw new IkeNotifyException(NotifyType.INVALID_MESSAGE_ID, MAX_QUICK_MODES
                        + " quick modes are already running with this peer");
            }
        }
        quickModes.put(mid, qm);
    }

    private int nonZero() {
        int v;
        do {
            v = random.nextInt();
        } while (v == 0);
        return v;
    }
}
