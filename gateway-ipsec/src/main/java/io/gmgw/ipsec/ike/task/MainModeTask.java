package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.ike.config.Phase1Config;
import io.gmgw.ipsec.ike.config.Phase1Proposal;
import io.gmgw.ipsec.ike.keys.Phase1KeySchedule;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.isakmp.ExchangeType;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.ProtocolId;
import io.gmgw.ipsec.isakmp.codec.IsakmpFormatException;
import io.gmgw.ipsec.isakmp.codec.IsakmpLimits;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Hash;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.Notification;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.Proposal;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import io.gmgw.ipsec.isakmp.payload.Transform;
import io.gmgw.ipsec.isakmp.payload.VendorId;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Main mode (identity protection, RFC 2409 §5), initiator or responder: SA, then messages 3/4, then ID + HASH_I/HASH_R
 * encrypted (appendix B IV chain). This class is the machinery every main mode shares (cookies, the SA negotiation,
 * retransmission and duplicates, the encrypted messages 5/6 and their IV chain, refusals); the wire profile picks the
 * message set that fills in messages 3/4 and makes the keys ({@link MainModeMessages}): the RFC 2409 pre-shared key
 * ({@code rfc2409}) or the GM digital envelope with double certificates (a version 0x11 profile, ipsec.md §2). Messages
 * 5 and 6 travel on port 4500 when NAT-T is negotiated and a NAT (or a peer that forces UDP encapsulation, as charon
 * with kernel-libipsec does) is seen.
 */
public final class MainModeTask implements IkeTask {
    /** RFC 3947 §3.1: MD5("RFC 3947"). */
    static final Octets NAT_T_VENDOR_ID = Octets.hex("4a131c81070358455c5728f20e95452f");
    /** RFC 3706 §3.2.1: the DPD vendor ID, version 1.0 (the last two bytes). */
    public static final Octets DPD_VENDOR_ID = Octets.hex("afcad71368a1f1c96b8696fc77570100");

    enum State { INITIAL, SENT_1, SENT_3, SENT_5, SENT_2, SENT_4, ESTABLISHED, FAILED }

    private final MainModeState s;
    private final MainModeMessages messages;
    private final Retransmission retransmission;
    private State state = State.INITIAL;
    private boolean peerDpd;
    private boolean initialContact = true;
    private boolean natTPort;
    private byte[] lastPeerRaw;
    private final List<byte[]> earlierPeerMessages = new ArrayList<>();

    private MainModeTask(boolean initiator, Phase1Config config, SecureRandom random, IsakmpLimits limits) {
        this.s = new MainModeState(initiator, config, random, limits);
        this.messages = config.envelope().isPresent() ? new EnvelopeMessages(s) : new PreSharedKeyMessages(s);
        this.retransmission = new Retransmission(config.retransmit());
    }

    public static MainModeTask initiator(Phase1Config config, SecureRandom random, IsakmpLimits limits) {
        return new MainModeTask(true, config, random, limits);
    }

    public static MainModeTask responder(Phase1Config config, SecureRandom random, IsakmpLimits limits) {
        return new MainModeTask(false, config, random, limits);
    }

    public long initiatorCookie() {
        return s.ckyI;
    }

    public long responderCookie() {
        return s.ckyR;
    }

    /** The SA once keys exist (established when {@link IsakmpSa#established()}). */
    public Optional<IsakmpSa> sa() {
        return Optional.ofNullable(s.sa);
    }

    /** Whether later messages use port 4500. */
    /**
     * Leaves INITIAL-CONTACT out of message 5: we still hold SAs with the peer (a phase-1 rekey, a new main mode
     * while CHILD SAs live), which it must keep (RFC 2407 §4.6.3.3).
     */
    void withoutInitialContact() {
        initialContact = false;
    }

    /** Whether the peer sent the RFC 3706 DPD vendor ID in message 1 or 2 (we always send it). */
    public boolean peerSupportsDpd() {
        return peerDpd;
    }

    public boolean natTPort() {
        return natTPort;
    }

    @Override
    public boolean finished() {
        return state == State.ESTABLISHED || state == State.FAILED;
    }

    public boolean failed() {
        return state == State.FAILED;
    }

    @Override
    public Optional<Instant> deadline() {
        return retransmission.deadline();
    }

    @Override
    public TaskStep start(Instant now) {
        if (!s.initiator || state != State.INITIAL) {
            throw new IllegalStateException("only a new initiator starts main mode");
        }
        s.ckyI = cookie();
        List<Transform> transforms = new ArrayList<>();
        for (int i = 0; i < s.config.proposals().size(); i++) {
            transforms.add(s.config.proposals().get(i).transform(i + 1));
        }
        // One ISAKMP proposal with our transforms in order of preference (RFC 2409 §5: one proposal in phase 1).
        SecurityAssociation sai = new SecurityAssociation(SecurityAssociation.DOI_IPSEC,
                SecurityAssociation.SIT_IDENTITY_ONLY, List.of(new Proposal(1, ProtocolId.ISAKMP, Octets.EMPTY,
                        transforms)));
        s.saiB = s.encoder.body(sai);
        List<Payload> payloads = new ArrayList<>(List.of(sai));
        if (s.config.natTraversal()) {
            payloads.add(new VendorId(NAT_T_VENDOR_ID));
        }
        if (s.config.profile().gm().isEmpty()) {
            // the GM messages keep the standard's exact shape (no vendor IDs); RFC 3706 §3.2.1 for the rest
            payloads.add(new VendorId(DPD_VENDOR_ID));
        }
        payloads.addAll(messages.afterFirstSa());
        state = State.SENT_1;
        return TaskStep.send(retransmission.sent(plain(payloads), now));
    }

    @Override
    public TaskStep receive(Inbound in, Instant now) {
        if (state == State.FAILED) {
            return TaskStep.NOTHING;
        }
        if (s.initiator && state == State.INITIAL) {
            return TaskStep.event(new IkeEvent.MessageDropped("main mode has not been started"));
        }
        if (earlierPeerMessages.stream().anyMatch(m -> Arrays.equals(m, in.raw()))) {
            // A late copy of a message we already answered and moved past: reordering, not an error.
            return TaskStep.event(new IkeEvent.MessageDropped("a late duplicate of an earlier main mode message"));
        }
        if (lastPeerRaw != null && Arrays.equals(lastPeerRaw, in.raw())) {
            // The peer repeated itself: our answer was lost. The responder resends it; the initiator's own timer
            // already covers its message (RFC 2408 §5).
            return !s.initiator && retransmission.last().isPresent() ? TaskStep.send(retransmission.last().get())
                    : TaskStep.NOTHING;
        }
        if (state == State.ESTABLISHED) {
            return TaskStep.event(new IkeEvent.MessageDropped("main mode message after the exchange finished"));
        }
        try {
            TaskStep step = switch (state) {
                case INITIAL -> onMessage1(in, now);
                case SENT_1 -> onMessage2(in, now);
                case SENT_2 -> onMessage3(in, now);
                case SENT_3 -> onMessage4(in, now);
                case SENT_4 -> onMessage5(in, now);
                case SENT_5 -> onMessage6(in, now);
                default -> throw new IllegalStateException(state.toString());
            };
            if (lastPeerRaw != null) {
                earlierPeerMessages.add(lastPeerRaw); // at most two: main mode has three messages per side
            }
            lastPeerRaw = in.raw().clone();
            return step;
        } catch (PeerAuthenticationException e) {
            return fail(e.notifyType(), e.getMessage(), true).and(TaskStep.event(e.event(s.config.remote())));
        } catch (IkeNotifyException e) {
            return fail(e.notifyType(), e.getMessage(), true);
        } catch (IsakmpFormatException e) {
            return fail(e.notifyType(), e.getMessage(), true);
        }
    }

    /**
     * An error notify in the clear naming this exchange's cookies, before keys exist: the peer gave up (e.g.
     * NO-PROPOSAL-CHOSEN). It is unauthenticated, but only an on-path party knows the cookies, and waiting out the
     * backoff would help nobody; strongSwan ends the exchange the same way.
     */
    public TaskStep peerRefused(Notification n) {
        if (finished() || s.sa != null || n.messageType() <= 0 || n.messageType() >= NotifyType.CONNECTED) {
            return TaskStep.NOTHING;
        }
        state = State.FAILED;
        retransmission.answered();
        messages.wipe();
        return TaskStep.event(new IkeEvent.ExchangeFailed("main mode", n.messageType(), s.config.remote()
                + " refused main mode with notify " + n.messageType() + " (unauthenticated)", false));
    }

    @Override
    public TaskStep tick(Instant now) {
        if (finished()) {
            return TaskStep.NOTHING;
        }
        return switch (retransmission.due(now)) {
            case NOTHING -> TaskStep.NOTHING;
            case RESEND -> TaskStep.send(retransmission.last().orElseThrow());
            case GIVE_UP -> fail(0, "main mode " + state + ": no answer from " + s.config.remote() + " after "
                    + retransmission.transmissions() + " transmissions", false);
        };
    }

    // --- responder: message 1 -> 2
    private TaskStep onMessage1(Inbound in, Instant now) {
        IsakmpMessage m = clear(in, 0L);
        if (m.header().responderCookie() != 0) {
            // RFC 2408 §2.5.3: CKY-R is zero in the first message; anything else belongs to an SA we do not know.
            throw new IkeNotifyException(NotifyType.INVALID_COOKIE, "main mode message 1 with a non-zero responder "
                    + "cookie");
        }
        s.ckyI = m.header().initiatorCookie();
        SecurityAssociation sai = m.first(SecurityAssociation.class).orElseThrow(() -> new IkeNotifyException(
                NotifyType.PAYLOAD_MALFORMED, "main mode message 1 without an SA payload"));
        if (sai.proposals().size() != 1 || sai.proposals().getFirst().protocolId() != ProtocolId.ISAKMP) {
            throw new IkeNotifyException(NotifyType.BAD_PROPOSAL_SYNTAX, "phase 1 SA needs exactly one ISAKMP proposal,"
                    + " got " + sai.proposals().size());
        }
        Proposal p = sai.proposals().getFirst();
        Phase1Proposal.Choice choice = Phase1Proposal.choose(p.transforms(), s.config.proposals())
                .orElseThrow(() -> new IkeNotifyException(NotifyType.NO_PROPOSAL_CHOSEN, "none of the "
                        + p.transforms().size() + " phase 1 transforms offered by " + s.config.remote()
                        + " matches ours " + s.config.proposals()));
        Transform picked = choice.offered();
        s.agree(choice.chosen());
        s.saiB = s.encoder.body(sai);
        s.natT = s.config.natTraversal() && m.all(VendorId.class).stream()
                .anyMatch(v -> v.data().equals(NAT_T_VENDOR_ID));
        peerDpd = m.all(VendorId.class).stream().anyMatch(v -> v.data().equals(DPD_VENDOR_ID));
        s.ckyR = cookie();
        // RFC 2408 §4.2: the responder returns the one transform it chose, as it was offered.
        SecurityAssociation sar = new SecurityAssociation(sai.doi(), sai.situation(),
                List.of(new Proposal(p.number(), p.protocolId(), p.spi(), List.of(picked))));
        List<Payload> payloads = new ArrayList<>(List.of(sar));
        if (s.natT) {
            payloads.add(new VendorId(NAT_T_VENDOR_ID));
        }
        if (s.config.profile().gm().isEmpty()) {
            // the GM messages keep the standard's exact shape (no vendor IDs); RFC 3706 §3.2.1 for the rest
            payloads.add(new VendorId(DPD_VENDOR_ID));
        }
        payloads.addAll(messages.afterSecondSa());
        state = State.SENT_2;
        return TaskStep.send(retransmission.sent(plain(payloads), now));
    }

    // --- initiator: message 2 -> 3
    private TaskStep onMessage2(Inbound in, Instant now) {
        IsakmpMessage m = clear(in, s.ckyI);
        if (m.header().responderCookie() == 0) {
            throw new IkeNotifyException(NotifyType.INVALID_COOKIE, "main mode message 2 with a zero responder cookie");
        }
        SecurityAssociation sar = m.first(SecurityAssociation.class).orElseThrow(() -> new IkeNotifyException(
                NotifyType.PAYLOAD_MALFORMED, "main mode message 2 without an SA payload"));
        if (sar.proposals().size() != 1 || sar.proposals().getFirst().transforms().size() != 1) {
            throw new IkeNotifyException(NotifyType.BAD_PROPOSAL_SYNTAX, "the responder must choose exactly one "
                    + "transform");
        }
        Phase1Proposal answered = Phase1Proposal.fromTransform(sar.proposals().getFirst().transforms().getFirst());
        s.agree(s.config.proposals().stream().filter(o -> o.sameAlgorithms(answered)).findFirst()
                .map(o -> o.withLifetime(Math.min(o.lifetimeSeconds(), answered.lifetimeSeconds())))
                .orElseThrow(() -> new IkeNotifyException(NotifyType.NO_PROPOSAL_CHOSEN,
                        "the responder chose a transform we did not offer: " + answered)));
        s.ckyR = m.header().responderCookie();
        s.natT = s.config.natTraversal() && m.all(VendorId.class).stream()
                .anyMatch(v -> v.data().equals(NAT_T_VENDOR_ID));
        peerDpd = m.all(VendorId.class).stream().anyMatch(v -> v.data().equals(DPD_VENDOR_ID));
        messages.readSecond(m, now);
        retransmission.answered();
        List<Payload> third = messages.third(now);
        state = State.SENT_3;
        return TaskStep.send(retransmission.sent(plain(third), now));
    }

    // --- responder: message 3 -> 4
    private TaskStep onMessage3(Inbound in, Instant now) {
        IsakmpMessage m = clear(in, s.ckyI);
        checkResponderCookie(m.header());
        List<Payload> fourth = messages.fourth(m, now);
        retransmission.answered();
        state = State.SENT_4;
        return TaskStep.send(retransmission.sent(plain(fourth), now));
    }

    // --- initiator: message 4 -> 5
    private TaskStep onMessage4(Inbound in, Instant now) {
        IsakmpMessage m = clear(in, s.ckyI);
        checkResponderCookie(m.header());
        messages.readFourth(m, now);
        natTPort = s.natT && s.natDetected;
        retransmission.answered();
        byte[] hashI = s.schedule().hashI(s.sa.keys().skeyid(), messages.hashedInitiatorValue(),
                messages.hashedResponderValue(), MainModeState.u64(s.ckyI), MainModeState.u64(s.ckyR), s.saiB,
                s.encoder.body(s.config.localId()));
        List<Payload> payloads = new ArrayList<>();
        if (messages.identitiesInFinalMessages()) {
            payloads.add(s.config.localId());
        }
        payloads.add(new Hash(Octets.of(hashI)));
        if (messages.identitiesInFinalMessages() && initialContact) {
            // INITIAL-CONTACT (RFC 2407 §4.6.3.3): we hold no other SA with this peer, so it may drop its old ones.
            // The GM message 5 is HASH_I alone (ipsec.md §2).
            payloads.add(new Notification(SecurityAssociation.DOI_IPSEC, ProtocolId.ISAKMP, s.sa.spi(),
                    NotifyType.INITIAL_CONTACT, Octets.EMPTY));
        }
        byte[] out = s.sa.seal(header(), payloads, s.iv);
        s.iv = s.sa.nextIv(out);
        state = State.SENT_5;
        return TaskStep.send(retransmission.sent(new Outbound(out, natTPort), now));
    }

    // --- responder: message 5 -> 6
    private TaskStep onMessage5(Inbound in, Instant now) {
        EncryptedIsakmpMessage e = encrypted(in);
        natTPort = in.natTPort();
        IsakmpMessage m = s.sa.open(e, s.iv);
        byte[] nextIv = IsakmpSa.nextIv(e, s.sa.blockSize());
        Identification idi = messages.identitiesInFinalMessages()
                ? MainModeState.require(m, Identification.class, "ID") : messages.peerIdentity();
        byte[] hashI = MainModeState.require(m, Hash.class, "HASH").data().toByteArray();
        Phase1KeySchedule p1 = s.schedule();
        byte[] want = p1.hashI(s.sa.keys().skeyid(), messages.hashedInitiatorValue(), messages.hashedResponderValue(),
                MainModeState.u64(s.ckyI), MainModeState.u64(s.ckyR), s.saiB, s.encoder.body(idi));
        if (!MessageDigest.isEqual(want, hashI)) {
            throw new IkeNotifyException(NotifyType.INVALID_HASH_INFORMATION, "HASH_I from " + s.config.remote()
                    + " does not verify: " + messages.hashMismatchHint());
        }
        s.checkPeerId(idi);
        boolean initialContact = m.all(Notification.class).stream()
                .anyMatch(n -> n.messageType() == NotifyType.INITIAL_CONTACT);
        byte[] hashR = p1.hashR(s.sa.keys().skeyid(), messages.hashedResponderValue(),
                messages.hashedInitiatorValue(), MainModeState.u64(s.ckyR), MainModeState.u64(s.ckyI), s.saiB,
                s.encoder.body(s.config.localId()));
        List<Payload> six = messages.identitiesInFinalMessages()
                ? List.of(s.config.localId(), new Hash(Octets.of(hashR))) : List.of(new Hash(Octets.of(hashR)));
        byte[] out = s.sa.seal(header(), six, nextIv);
        s.sa.establish(s.sa.nextIv(out), s.config.localId(), idi, s.natT, s.natDetected, now);
        state = State.ESTABLISHED;
        messages.wipe();
        Outbound o = retransmission.sentFinal(new Outbound(out, natTPort));
        return new TaskStep(List.of(o), List.of(new IkeEvent.IsakmpSaEstablished(s.sa, initialContact)));
    }

    // --- initiator: message 6
    private TaskStep onMessage6(Inbound in, Instant now) {
        EncryptedIsakmpMessage e = encrypted(in);
        IsakmpMessage m = s.sa.open(e, s.iv);
        Identification idr = messages.identitiesInFinalMessages()
                ? MainModeState.require(m, Identification.class, "ID") : messages.peerIdentity();
        byte[] hashR = MainModeState.require(m, Hash.class, "HASH").data().toByteArray();
        byte[] want = s.schedule().hashR(s.sa.keys().skeyid(), messages.hashedResponderValue(),
                messages.hashedInitiatorValue(), MainModeState.u64(s.ckyR), MainModeState.u64(s.ckyI), s.saiB,
                s.encoder.body(idr));
        if (!MessageDigest.isEqual(want, hashR)) {
            throw new IkeNotifyException(NotifyType.INVALID_HASH_INFORMATION, "HASH_R from " + s.config.remote()
                    + " does not verify: " + messages.hashMismatchHint());
        }
        s.checkPeerId(idr);
        retransmission.answered();
        s.sa.establish(IsakmpSa.nextIv(e, s.sa.blockSize()), s.config.localId(), idr, s.natT, s.natDetected, now);
        state = State.ESTABLISHED;
        messages.wipe();
        return TaskStep.event(new IkeEvent.IsakmpSaEstablished(s.sa, false));
    }

    private void checkResponderCookie(IsakmpHeader h) {
        if (h.responderCookie() != s.ckyR) {
            throw new IkeNotifyException(NotifyType.INVALID_COOKIE, "responder cookie "
                    + Long.toHexString(h.responderCookie()) + " is not this exchange's " + Long.toHexString(s.ckyR));
        }
    }

    private IsakmpMessage clear(Inbound in, long expectedCkyI) {
        if (!(in.datagram() instanceof IsakmpMessage m) || m.header().encrypted()) {
            throw new IkeNotifyException(NotifyType.INVALID_FLAGS, "main mode " + state + " expects a message in the "
                    + "clear");
        }
        checkHeader(m.header(), expectedCkyI);
        return m;
    }

    private EncryptedIsakmpMessage encrypted(Inbound in) {
        if (!(in.datagram() instanceof EncryptedIsakmpMessage e)) {
            throw new IkeNotifyException(NotifyType.INVALID_FLAGS, "main mode messages 5 and 6 must be encrypted");
        }
        checkHeader(e.header(), s.ckyI);
        checkResponderCookie(e.header());
        return e;
    }

    private void checkHeader(IsakmpHeader h, long expectedCkyI) {
        if (h.exchangeType() != ExchangeType.IDENTITY_PROTECTION) {
            throw new IkeNotifyException(NotifyType.INVALID_EXCHANGE_TYPE, h.exchangeType() + " in main mode");
        }
        if (h.version() != s.config.profile().isakmpVersion()) {
            throw new IkeNotifyException(NotifyType.INVALID_MINOR_VERSION, "version 0x" + Integer.toHexString(
                    h.version()) + " but profile " + s.config.profile().name() + " speaks 0x"
                    + Integer.toHexString(s.config.profile().isakmpVersion()));
        }
        if (h.messageId() != 0) {
            throw new IkeNotifyException(NotifyType.INVALID_MESSAGE_ID, "main mode message with message id "
                    + Integer.toHexString(h.messageId()));
        }
        if (expectedCkyI != 0 && h.initiatorCookie() != expectedCkyI) {
            throw new IkeNotifyException(NotifyType.INVALID_COOKIE, "initiator cookie is not this exchange's");
        }
    }

    private IsakmpHeader header() {
        return new IsakmpHeader(s.ckyI, s.ckyR, PayloadType.NONE, s.config.profile().isakmpVersion(),
                ExchangeType.IDENTITY_PROTECTION, 0, 0);
    }

    private Outbound plain(List<Payload> payloads) {
        return new Outbound(s.encoder.encode(IsakmpMessage.of(header(), payloads)), natTPort);
    }

    private TaskStep fail(int notifyType, String reason, boolean tellPeer) {
        state = State.FAILED;
        messages.wipe();
        if (s.sa != null) {
            s.sa.destroy();
        }
        List<Outbound> send = new ArrayList<>();
        if (tellPeer && notifyType != 0) {
            send.add(new Outbound(Informational.plainNotify(s.config.profile().isakmpVersion(), s.ckyI, s.ckyR,
                    s.random.nextInt(), notifyType), natTPort));
        }
        return new TaskStep(send, List.of(new IkeEvent.ExchangeFailed("main mode", notifyType, reason,
                !send.isEmpty())));
    }

    private long cookie() {
        long c;
        do {
            c = s.random.nextLong();
        } while (c == 0);
        return c;
    }
}
