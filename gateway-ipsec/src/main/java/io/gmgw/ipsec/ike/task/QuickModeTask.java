package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.ike.config.ChildConfig;
import io.gmgw.ipsec.ike.config.TrafficSelector;
import io.gmgw.ipsec.ike.crypto.ModpDiffieHellman;
import io.gmgw.ipsec.ike.keys.Phase2KeySchedule;
import io.gmgw.ipsec.ike.sa.ChildSa;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.isakmp.ExchangeType;
import io.gmgw.ipsec.isakmp.IpsecAttributes;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.ProtocolId;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Hash;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.KeyExchange;
import io.gmgw.ipsec.isakmp.payload.Nonce;
import io.gmgw.ipsec.isakmp.payload.Notification;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.Proposal;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import io.gmgw.ipsec.isakmp.payload.Transform;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Quick mode (RFC 2409 §5.5), initiator or responder, under an established ISAKMP SA: HASH(1), SA, Ni [, KE], IDci,
 * IDcr; HASH(2), SA, Nr [, KE], IDci, IDcr [, N(RESPONDER-LIFETIME)]; HASH(3). Encrypted with its own IV chain from
 * HASH(last phase-1 block | M-ID); HASH(1)/HASH(2) cover what the wire profile says; KEYMAT per direction from the
 * receiver's SPI (with g(qm)^xy under PFS) gives a {@link ChildSa}.
 */
public final class QuickModeTask implements IkeTask {
    enum State { INITIAL, SENT_1, SENT_2, ESTABLISHED, FAILED }

    private final boolean initiator;
    private final IsakmpSa sa;
    private final List<ChildConfig> candidates;
    private ChildConfig child;
    private final SecureRandom random;
    private final boolean natTPort;
    private final Phase2KeySchedule p2;
    private final Retransmission retransmission;
    private State state = State.INITIAL;
    private int messageId;
    private byte[] iv;
    private byte[] lastPeerRaw;
    private int spiI;
    private int spiR;
    private byte[] ni;
    private byte[] nr;
    private ModpDiffieHellman dh;
    private EspTransforms.Terms terms;
    private TrafficSelector tsI;
    private TrafficSelector tsR;
    private long seconds;
    private long kilobytes;
    private ChildSa result;
    private byte[] gxyPending;

    private QuickModeTask(boolean initiator, IsakmpSa sa, List<ChildConfig> candidates, SecureRandom random,
            boolean natTPort) {
        if (!sa.established()) {
            throw new IllegalStateException("quick mode needs an established ISAKMP SA");
        }
        this.initiator = initiator;
        this.sa = sa;
        this.candidates = List.copyOf(candidates);
        this.child = candidates.getFirst();
        this.random = random;
        this.natTPort = natTPort;
        this.p2 = sa.phase2();
        this.retransmission = new Retransmission(child.retransmit());
    }

    public static QuickModeTask initiator(IsakmpSa sa, ChildConfig child, SecureRandom random, boolean natTPort) {
        return new QuickModeTask(true, sa, List.of(child), random, natTPort);
    }

    /** A responder for the first of {@code children} whose subnets hold the selectors the initiator proposes. */
    public static QuickModeTask responder(IsakmpSa sa, List<ChildConfig> children, SecureRandom random,
            boolean natTPort) {
        return new QuickModeTask(false, sa, children, random, natTPort);
    }

    public int messageId() {
        return messageId;
    }

    public Optional<ChildSa> childSa() {
        return Optional.ofNullable(result);
    }

    @Override
    public boolean finished() {
        return state == State.ESTABLISHED || state == State.FAILED;
    }

    @Override
    public Optional<Instant> deadline() {
        return retransmission.deadline();
    }

    @Override
    public TaskStep start(Instant now) {
        if (!initiator || state != State.INITIAL) {
            throw new IllegalStateException("only a new initiator starts quick mode");
        }
        do {
            messageId = random.nextInt();
        } while (messageId == 0);
        iv = p2.iv(sa.phase1LastBlock(), messageId, sa.blockSize());
        spiI = spi();
        // RFC 3947 §5.2: UDP-encapsulated tunnel when a NAT lies between us (or the peer forces encapsulation).
        int mode = sa.natDetected() ? IpsecAttributes.MODE_UDP_TUNNEL : IpsecAttributes.MODE_TUNNEL;
        List<Transform> transforms = new ArrayList<>();
        for (int i = 0; i < child.proposals().size(); i++) {
            transforms.add(EspTransforms.build(i + 1, child.proposals().get(i), mode, child.pfsGroup(),
                    child.lifetimeSeconds(), child.lifetimeKilobytes()));
        }
        SecurityAssociation sai = new SecurityAssociation(SecurityAssociation.DOI_IPSEC,
                SecurityAssociation.SIT_IDENTITY_ONLY, List.of(new Proposal(1, ProtocolId.IPSEC_ESP,
                        Octets.of(u32(spiI)), transforms)));
        ni = nonce();
        List<Payload> after = new ArrayList<>(List.of(sai, new Nonce(Octets.of(ni))));
        if (child.pfsGroup() != 0) {
            dh = ModpDiffieHellman.generate(child.pfsGroup(), random);
            after.add(new KeyExchange(Octets.of(dh.publicValue())));
        }
        after.add(child.local().toId());
        after.add(child.remote().toId());
        byte[] hash1 = p2.hash1(sa.quickModeHash(), sa.keys().skeyidA(), messageId, after);
        byte[] out = seal(hash1, after, iv);
        iv = sa.nextIv(out);
        state = State.SENT_1;
        return TaskStep.send(retransmission.sent(new Outbound(out, natTPort), now));
    }

    @Override
    public TaskStep receive(Inbound in, Instant now) {
        if (state == State.FAILED) {
            return TaskStep.NOTHING;
        }
        if (lastPeerRaw != null && Arrays.equals(lastPeerRaw, in.raw())) {
            // The peer repeated its last message: ours was lost (the responder's HASH(2) message, or our HASH(3)).
            return retransmission.last().map(TaskStep::send).orElse(TaskStep.NOTHING);
        }
        if (state == State.ESTABLISHED) {
            return TaskStep.event(new IkeEvent.MessageDropped("quick mode " + Integer.toHexString(messageId)
                    + " message after the exchange finished"));
        }
        try {
            if (!(in.datagram() instanceof EncryptedIsakmpMessage e) || e.header().exchangeType()
                    != ExchangeType.QUICK_MODE) {
                throw new IkeNotifyException(NotifyType.INVALID_FLAGS, "quick mode messages are encrypted");
            }
            TaskStep step = switch (state) {
                case INITIAL -> onMessage1(e, now);
                case SENT_1 -> onMessage2(e, now);
                case SENT_2 -> onMessage3(e, now);
                default -> throw new IllegalStateException(state.toString());
            };
            lastPeerRaw = in.raw().clone();
            return step;
        } catch (IkeNotifyException ex) {
            return fail(ex.notifyType(), ex.getMessage(), true);
        }
    }

    @Override
    public TaskStep tick(Instant now) {
        if (finished()) {
            return TaskStep.NOTHING;
        }
        return switch (retransmission.due(now)) {
            case NOTHING -> TaskStep.NOTHING;
            case RESEND -> TaskStep.send(retransmission.last().orElseThrow());
            case GIVE_UP -> fail(0, "quick mode " + Integer.toHexString(messageId) + " for " + child.name()
                    + ": no answer after " + retransmission.transmissions() + " transmissions", false);
        };
    }

    // --- responder: message 1 -> 2
    private TaskStep onMessage1(EncryptedIsakmpMessage e, Instant now) {
        messageId = e.header().messageId();
        if (messageId == 0) {
            throw new IkeNotifyException(NotifyType.INVALID_MESSAGE_ID, "quick mode with message id 0");
        }
        IsakmpMessage m = sa.open(e, p2.iv(sa.phase1LastBlock(), messageId, sa.blockSize()));
        byte[] nextIv = IsakmpSa.nextIv(e, sa.blockSize());
        List<Payload> after = afterHash(m, p -> p2.hash1(sa.quickModeHash(), sa.keys().skeyidA(), messageId, p),
                "HASH(1)");
        List<Identification> ids = m.all(Identification.class);
        if (ids.size() != 2) {
            throw new IkeNotifyException(NotifyType.INVALID_ID_INFORMATION, "quick mode needs IDci and IDcr, got "
                    + ids.size() + " ID payloads");
        }
        tsI = TrafficSelector.fromId(ids.get(0));
        tsR = TrafficSelector.fromId(ids.get(1));
        child = candidates.stream().filter(c -> c.remote().contains(tsI) && c.local().contains(tsR)).findFirst()
                .orElseThrow(() -> new IkeNotifyException(NotifyType.INVALID_ID_INFORMATION, "proposed selectors "
                        + tsI + " === " + tsR + " fit none of our CHILD SAs"));
        SecurityAssociation sai = require(m, SecurityAssociation.class, "SA");
        Proposal chosenProposal = null;
        Transform chosenTransform = null;
        for (Proposal p : sai.proposals()) {
            if (p.protocolId() != ProtocolId.IPSEC_ESP || p.spi().length() != 4) {
                continue;
            }
            for (Transform t : p.transforms()) {
                EspTransforms.Terms offered;
                try {
                    offered = EspTransforms.read(t);
                } catch (IkeNotifyException unsupported) {
                    continue;
                }
                if (child.proposals().contains(offered.proposal()) && offered.group() == child.pfsGroup()) {
                    chosenProposal = p;
                    chosenTransform = t;
                    terms = offered;
                    break;
                }
            }
            if (chosenTransform != null) {
                break;
            }
        }
        if (chosenTransform == null) {
            throw new IkeNotifyException(NotifyType.NO_PROPOSAL_CHOSEN, "no ESP transform offered for "
                    + child.name() + " matches ours " + child.proposals() + " with PFS group " + child.pfsGroup());
        }
        spiI = ByteBuffer.wrap(chosenProposal.spi().toByteArray()).getInt();
        ni = require(m, Nonce.class, "NONCE").data().toByteArray();
        List<Payload> reply = new ArrayList<>();
        reply.add(new SecurityAssociation(sai.doi(), sai.situation(), List.of(new Proposal(chosenProposal.number(),
                ProtocolId.IPSEC_ESP, Octets.of(u32(spiR = spi())), List.of(chosenTransform)))));
        nr = nonce();
        reply.add(new Nonce(Octets.of(nr)));
        byte[] gxy = new byte[0];
        if (child.pfsGroup() != 0) {
            byte[] gxi = require(m, KeyExchange.class, "KE").data().toByteArray();
            dh = ModpDiffieHellman.generate(child.pfsGroup(), random);
            gxy = dh.sharedSecret(gxi);
            reply.add(new KeyExchange(Octets.of(dh.publicValue())));
        }
        reply.add(ids.get(0));
        reply.add(ids.get(1));
        seconds = Math.min(terms.seconds(), child.lifetimeSeconds());
        kilobytes = min0(terms.kilobytes(), child.lifetimeKilobytes());
        if (seconds < terms.seconds() || kilobytes != terms.kilobytes()) {
            reply.add(ResponderLifetime.notify(spiI, seconds, kilobytes));
        }
        byte[] hash2 = p2.hash2(sa.quickModeHash(), sa.keys().skeyidA(), messageId, ni, reply);
        byte[] out = seal(hash2, reply, nextIv);
        iv = sa.nextIv(out);
        gxyPending = gxy;
        state = State.SENT_2;
        return TaskStep.send(retransmission.sent(new Outbound(out, natTPort), now));
    }

    // --- initiator: message 2 -> 3
    private TaskStep onMessage2(EncryptedIsakmpMessage e, Instant now) {
        checkMessageId(e);
        IsakmpMessage m = sa.open(e, iv);
        byte[] nextIv = IsakmpSa.nextIv(e, sa.blockSize());
        afterHash(m, p -> p2.hash2(sa.quickModeHash(), sa.keys().skeyidA(), messageId, ni, p), "HASH(2)");
        SecurityAssociation sar = require(m, SecurityAssociation.class, "SA");
        if (sar.proposals().size() != 1 || sar.proposals().getFirst().transforms().size() != 1
                || sar.proposals().getFirst().protocolId() != ProtocolId.IPSEC_ESP
                || sar.proposals().getFirst().spi().length() != 4) {
            throw new IkeNotifyException(NotifyType.BAD_PROPOSAL_SYNTAX, "the responder must choose one ESP "
                    + "transform with a 4-byte SPI");
        }
        terms = EspTransforms.read(sar.proposals().getFirst().transforms().getFirst());
        if (!child.proposals().contains(terms.proposal()) || terms.group() != child.pfsGroup()) {
            throw new IkeNotifyException(NotifyType.NO_PROPOSAL_CHOSEN, "the responder chose " + terms.proposal()
                    + " group " + terms.group() + ", which we did not offer");
        }
        spiR = ByteBuffer.wrap(sar.proposals().getFirst().spi().toByteArray()).getInt();
        nr = require(m, Nonce.class, "NONCE").data().toByteArray();
        List<Identification> ids = m.all(Identification.class);
        tsI = child.local();
        tsR = child.remote();
        if (!ids.isEmpty() && (ids.size() != 2 || !TrafficSelector.fromId(ids.get(0)).equals(tsI)
                || !TrafficSelector.fromId(ids.get(1)).equals(tsR))) {
            throw new IkeNotifyException(NotifyType.INVALID_ID_INFORMATION, "the responder changed the selectors");
        }
        seconds = Math.min(terms.seconds(), child.lifetimeSeconds());
        kilobytes = min0(terms.kilobytes(), child.lifetimeKilobytes());
        for (Notification n : m.all(Notification.class)) {
            if (n.messageType() == NotifyType.RESPONDER_LIFETIME) {
                long[] cut = ResponderLifetime.read(n.data().toByteArray());
                seconds = cut[0] > 0 ? Math.min(seconds, cut[0]) : seconds;
                kilobytes = cut[1] > 0 ? min0(kilobytes, cut[1]) : kilobytes;
            }
        }
        byte[] gxy = child.pfsGroup() != 0 ? dh.sharedSecret(require(m, KeyExchange.class, "KE").data().toByteArray())
                : new byte[0];
        byte[] hash3 = p2.hash3(sa.keys().skeyidA(), messageId, ni, nr);
        byte[] out = sa.seal(header(), List.of(new Hash(Octets.of(hash3))), nextIv);
        retransmission.answered();
        Outbound o = retransmission.sentFinal(new Outbound(out, natTPort));
        return new TaskStep(List.of(o), List.of(establish(gxy, now)));
    }

    // --- responder: message 3
    private TaskStep onMessage3(EncryptedIsakmpMessage e, Instant now) {
        checkMessageId(e);
        IsakmpMessage m = sa.open(e, iv);
        if (m.payloads().isEmpty() || !(m.payloads().getFirst() instanceof Hash h)) {
            throw new IkeNotifyException(NotifyType.INVALID_HASH_INFORMATION, "quick mode message 3 without HASH(3)");
        }
        if (!MessageDigest.isEqual(p2.hash3(sa.keys().skeyidA(), messageId, ni, nr), h.data().toByteArray())) {
            throw new IkeNotifyException(NotifyType.INVALID_HASH_INFORMATION, "HASH(3) does not verify");
        }
        retransmission.answered();
        return TaskStep.event(establish(gxyPending, now));
    }

    private IkeEvent establish(byte[] gxy, Instant now) {
        int len = terms.proposal().encryptionKeyBytes() + terms.proposal().integrityKeyBytes();
        // KEYMAT for the SA whose receiver chose the SPI (RFC 2409 §5.5): I->R under SPI_r, R->I under SPI_i.
        byte[] toResponder = p2.keymat(sa.keys().skeyidD(), gxy, ProtocolId.IPSEC_ESP, u32(spiR), ni, nr, len);
        byte[] toInitiator = p2.keymat(sa.keys().skeyidD(), gxy, ProtocolId.IPSEC_ESP, u32(spiI), ni, nr, len);
        Arrays.fill(gxy, (byte) 0);
        ChildSa.Direction iToR = direction(spiR, toResponder);
        ChildSa.Direction rToI = direction(spiI, toInitiator);
        result = new ChildSa(child.name(), messageId, terms.proposal(), terms.mode(), initiator ? rToI : iToR,
                initiator ? iToR : rToI, initiator ? tsI : tsR, initiator ? tsR : tsI, seconds, kilobytes,
                child.pfsGroup() != 0, now);
        state = State.ESTABLISHED;
        return new IkeEvent.ChildSaEstablished(result);
    }

    private ChildSa.Direction direction(int spi, byte[] keymat) {
        int enc = terms.proposal().encryptionKeyBytes();
        ChildSa.Direction d = new ChildSa.Direction(spi, Arrays.copyOf(keymat, enc),
                Arrays.copyOfRange(keymat, enc, keymat.length));
        Arrays.fill(keymat, (byte) 0);
        return d;
    }

    private interface HashOver {
        byte[] over(List<Payload> afterHash);
    }

    private List<Payload> afterHash(IsakmpMessage m, HashOver want, String name) {
        if (m.payloads().isEmpty() || !(m.payloads().getFirst() instanceof Hash h)) {
            throw new IkeNotifyException(NotifyType.INVALID_HASH_INFORMATION, "quick mode message without " + name
                    + " first");
        }
        List<Payload> after = m.payloads().subList(1, m.payloads().size());
        if (!MessageDigest.isEqual(want.over(after), h.data().toByteArray())) {
            throw new IkeNotifyException(NotifyType.INVALID_HASH_INFORMATION, name + " does not verify");
        }
        return after;
    }

    private void checkMessageId(EncryptedIsakmpMessage e) {
        if (e.header().messageId() != messageId) {
            throw new IkeNotifyException(NotifyType.INVALID_MESSAGE_ID, "message id "
                    + Integer.toHexString(e.header().messageId()) + " is not this quick mode's");
        }
    }

    private byte[] seal(byte[] hash, List<Payload> after, byte[] chainIv) {
        List<Payload> all = new ArrayList<>();
        all.add(new Hash(Octets.of(hash)));
        all.addAll(after);
        return sa.seal(header(), all, chainIv);
    }

    private IsakmpHeader header() {
        return new IsakmpHeader(sa.initiatorCookie(), sa.responderCookie(), PayloadType.NONE, sa.version(),
                ExchangeType.QUICK_MODE, 0, messageId);
    }

    private TaskStep fail(int notifyType, String reason, boolean tellPeer) {
        state = State.FAILED;
        List<Outbound> send = new ArrayList<>();
        if (tellPeer && notifyType != 0) {
            send.add(new Outbound(Informational.notify(sa, nonZero(), notifyType, Octets.EMPTY), natTPort));
        }
        return new TaskStep(send, List.of(new IkeEvent.ExchangeFailed("quick mode " + child.name(), notifyType,
                reason, !send.isEmpty())));
    }

    private static <T extends Payload> T require(IsakmpMessage m, Class<T> kind, String name) {
        return m.first(kind).orElseThrow(() -> new IkeNotifyException(NotifyType.PAYLOAD_MALFORMED, "quick mode "
                + "message without its " + name + " payload"));
    }

    private int nonZero() {
        int v;
        do {
            v = random.nextInt();
        } while (v == 0);
        return v;
    }

    /** SPIs 0-255 are reserved by IANA (RFC 4303 §2.1). */
    private int spi() {
        int v;
        do {
            v = random.nextInt();
        } while (Integer.compareUnsigned(v, 256) < 0);
        return v;
    }

    private byte[] nonce() {
        byte[] n = new byte[32];
        random.nextBytes(n);
        return n;
    }

    private static long min0(long a, long b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }
}
