package io.gmgw.ipsec.ike.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.ike.config.EspProposal;
import io.gmgw.ipsec.ike.sa.ChildSa;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.isakmp.ExchangeType;
import io.gmgw.ipsec.isakmp.IpsecAttributes;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.payload.Hash;
import io.gmgw.ipsec.isakmp.payload.Nonce;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.ProtocolId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our main-mode and quick-mode initiator against our responder, byte exchange in memory. */
class MainModeQuickModeTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SecureRandom random = new SecureRandom();

    private Wire pair(String leftPsk, String rightPsk, EspProposal[] leftEsp, EspProposal[] rightEsp, int pfs,
            long rightSeconds) {
        IsakmpSession l = IsakmpSession.initiator(TestPeers.phase1(true, leftPsk, true),
                List.of(TestPeers.child(true, pfs, 3600, leftEsp)), random);
        IsakmpSession r = IsakmpSession.responder(TestPeers.phase1(false, rightPsk, true),
                List.of(TestPeers.child(false, pfs, rightSeconds, rightEsp)), random);
        return new Wire(l, r);
    }

    private Wire established(int pfs, EspProposal... esp) {
        Wire w = pair("secret", "secret", esp, esp, pfs, 3600);
        w.run(true, w.left.initiate(T0), T0);
        assertEquals(1, w.events(true, IkeEvent.IsakmpSaEstablished.class).size(), w.leftEvents::toString);
        assertEquals(1, w.events(false, IkeEvent.IsakmpSaEstablished.class).size(), w.rightEvents::toString);
        return w;
    }

    @Test
    void mainModeEstablishesTheSameKeysOnBothSides() {
        Wire w = established(14, EspProposal.aesCbcSha256(128));
        IsakmpSa i = w.left.establishedSa().orElseThrow();
        IsakmpSa r = w.right.establishedSa().orElseThrow();
        assertEquals(6, w.leftSent.size() + w.rightSent.size(), "main mode is six messages");
        assertArrayEquals(i.keys().skeyidD(), r.keys().skeyidD());
        assertArrayEquals(i.keys().skeyidA(), r.keys().skeyidA());
        assertArrayEquals(i.phase1LastBlock(), r.phase1LastBlock());
        assertEquals(i.initiatorCookie(), r.initiatorCookie());
        assertEquals(i.responderCookie(), r.responderCookie());
        // The responder prefers the initiator's first transform that it also offers: AES-256, 1 h.
        assertEquals(256, r.proposal().keyBits());
        assertEquals(3600, i.proposal().lifetimeSeconds());
        assertEquals(TestPeers.id(TestPeers.RIGHT), i.peerId());
        assertTrue(w.events(false, IkeEvent.IsakmpSaEstablished.class).getFirst().initialContact(),
                "the initiator says INITIAL-CONTACT");
        assertFalse(i.natDetected(), "no NAT between the two");
    }

    @Test
    void quickModeWithPfsGivesMatchingChildSas() {
        Wire w = established(14, EspProposal.aesCbcSha256(128));
        w.run(true, w.left.startQuickMode(TestPeers.child(true, 14, 3600, EspProposal.aesCbcSha256(128)), T0), T0);
        ChildSa i = w.events(true, IkeEvent.ChildSaEstablished.class).getFirst().child();
        ChildSa r = w.events(false, IkeEvent.ChildSaEstablished.class).getFirst().child();
        assertEquals(9, w.leftSent.size() + w.rightSent.size(), "main mode and three quick-mode messages");
        assertTrue(i.pfs());
        assertEquals(i.outbound().spi(), r.inbound().spi());
        assertEquals(i.inbound().spi(), r.outbound().spi());
        assertArrayEquals(i.outbound().encryptionKey(), r.inbound().encryptionKey());
        assertArrayEquals(i.outbound().integrityKey(), r.inbound().integrityKey());
        assertArrayEquals(i.inbound().encryptionKey(), r.outbound().encryptionKey());
        assertFalse(java.util.Arrays.equals(i.inbound().encryptionKey(), i.outbound().encryptionKey()),
                "each direction has its own keys");
        assertEquals(16, i.outbound().encryptionKey().length);
        assertEquals(32, i.outbound().integrityKey().length);
        assertEquals(TestPeers.LEFT_NET, i.local());
        assertEquals(TestPeers.LEFT_NET, r.remote());
        assertEquals(IpsecAttributes.MODE_TUNNEL, r.encapsulationMode());
        assertEquals(1, w.left.childSas().size());
        assertEquals(1, w.right.childSas().size());
    }

    @Test
    void quickModeWithoutPfsAndAesGcm() {
        Wire w = established(0, EspProposal.aesGcm16(256));
        w.run(true, w.left.startQuickMode(TestPeers.child(true, 0, 3600, EspProposal.aesGcm16(256)), T0), T0);
        ChildSa i = w.events(true, IkeEvent.ChildSaEstablished.class).getFirst().child();
        ChildSa r = w.events(false, IkeEvent.ChildSaEstablished.class).getFirst().child();
        assertFalse(i.pfs());
        assertEquals(36, i.outbound().encryptionKey().length, "AES-256 key and the 4-byte salt (RFC 4106 §8.1)");
        assertEquals(0, i.outbound().integrityKey().length);
        assertArrayEquals(i.outbound().encryptionKey(), r.inbound().encryptionKey());
    }

    @Test
    void theResponderShortensTheLifetimeWithANotify() {
        EspProposal[] esp = {EspProposal.aesCbcSha256(128)};
        Wire w = pair("k", "k", esp, esp, 0, 600);
        w.run(true, w.left.initiate(T0), T0);
        w.run(true, w.left.startQuickMode(TestPeers.child(true, 0, 3600, esp), T0), T0);
        assertEquals(600, w.events(true, IkeEvent.ChildSaEstablished.class).getFirst().child().lifetimeSeconds());
        assertEquals(600, w.events(false, IkeEvent.ChildSaEstablished.class).getFirst().child().lifetimeSeconds());
    }

    @Test
    void aDifferentPreSharedKeyFailsMainModeWithANotify() {
        EspProposal[] esp = {EspProposal.aesCbcSha256(128)};
        Wire w = pair("one", "other", esp, esp, 0, 3600);
        w.run(true, w.left.initiate(T0), T0);
        // Another PSK gives another SKEYID_e: message 5 decrypts to garbage, which the codec refuses (RFC 2409 §5:
        // the wrong key shows up as a malformed payload before HASH_I can be compared).
        IkeEvent.ExchangeFailed f = w.events(false, IkeEvent.ExchangeFailed.class).getFirst();
        assertTrue(f.sentNotify());
        assertTrue(f.reason().contains("wrong key"), f.reason());
        assertEquals(f.notifyType(), w.events(true, IkeEvent.NotifyReceived.class).getFirst().notification()
                .messageType());
        assertFalse(w.events(true, IkeEvent.NotifyReceived.class).getFirst().authenticated());
        assertTrue(w.left.establishedSa().isEmpty());
        assertTrue(w.right.failed());
    }

    @Test
    void aQuickModeMessageWithABadHashIsInvalidHashInformation() {
        Wire w = established(0, EspProposal.aesCbcSha256(128));
        IsakmpSa sa = w.left.establishedSa().orElseThrow();
        int mid = 0x1234;
        byte[] iv = sa.phase2().iv(sa.phase1LastBlock(), mid, 16);
        byte[] forged = sa.seal(new IsakmpHeader(sa.initiatorCookie(), sa.responderCookie(), PayloadType.NONE,
                sa.version(), ExchangeType.QUICK_MODE, 0, mid), List.of(new Hash(Octets.of(new byte[32])),
                new Nonce(Octets.of(new byte[16]))), iv);
        TaskStep step = w.right.receive(forged, false, T0);
        IkeEvent.ExchangeFailed f = (IkeEvent.ExchangeFailed) step.events().getFirst();
        assertEquals(NotifyType.INVALID_HASH_INFORMATION, f.notifyType());
        assertEquals(1, step.send().size(), "answered with a protected notify");
        List<IkeEvent> atInitiator = w.left.receive(step.send().getFirst().datagram(), false, T0).events();
        assertEquals(NotifyType.INVALID_HASH_INFORMATION, ((IkeEvent.NotifyReceived) atInitiator.getFirst())
                .notification().messageType());
        assertTrue(w.right.childSas().isEmpty());
    }

    @Test
    void aTruncatedMessageIsAnsweredWithTheCodecsNotify() {
        EspProposal[] esp = {EspProposal.aesCbcSha256(128)};
        Wire w = pair("k", "k", esp, esp, 0, 3600);
        TaskStep first = w.left.initiate(T0);
        byte[] m1 = first.send().getFirst().datagram();
        TaskStep answer = w.right.receive(m1, false, T0);
        byte[] m2 = answer.send().getFirst().datagram();
        byte[] cut = java.util.Arrays.copyOf(m2, m2.length - 3);
        java.nio.ByteBuffer.wrap(cut).putInt(24, cut.length); // a consistent header, a payload that overruns
        TaskStep refused = w.left.receive(cut, false, T0);
        assertEquals(1, refused.send().size());
        assertTrue(refused.events().getFirst() instanceof IkeEvent.MessageDropped);
        assertTrue(w.left.establishedSa().isEmpty());
        // the intact message still works: the exchange goes on
        w.run(true, w.left.receive(m2, false, T0), T0);
        assertTrue(w.left.establishedSa().isPresent());
    }

    @Test
    void noCommonProposalIsNoProposalChosen() {
        Wire w = pair("k", "k", new EspProposal[] {EspProposal.aesCbcSha256(128)},
                new EspProposal[] {EspProposal.aesGcm16(128)}, 0, 3600);
        w.run(true, w.left.initiate(T0), T0);
        w.run(true, w.left.startQuickMode(TestPeers.child(true, 0, 3600, EspProposal.aesCbcSha256(128)), T0), T0);
        assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, w.events(false, IkeEvent.ExchangeFailed.class).getFirst()
                .notifyType());
        IkeEvent.NotifyReceived n = w.events(true, IkeEvent.NotifyReceived.class).getFirst();
        assertTrue(n.authenticated(), "the quick-mode error travels in a protected informational exchange");
        assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, n.notification().messageType());
    }

    @Test
    void selectorsOutsideOursAreInvalidIdInformation() {
        Wire w = established(0, EspProposal.aesCbcSha256(128));
        var wide = new io.gmgw.ipsec.ike.config.ChildConfig("wide", io.gmgw.ipsec.ike.config.TrafficSelector.parse(
                "10.0.0.0/8"), TestPeers.RIGHT_NET, List.of(EspProposal.aesCbcSha256(128)), 0, 3600, 0,
                io.gmgw.ipsec.ike.config.RetransmitPolicy.DEFAULT);
        w.run(true, w.left.startQuickMode(wide, T0), T0);
        assertEquals(NotifyType.INVALID_ID_INFORMATION, w.events(false, IkeEvent.ExchangeFailed.class).getFirst()
                .notifyType());
        assertTrue(w.right.childSas().isEmpty());
    }

    @Test
    void deleteRemovesTheChildAndTheIsakmpSaOnThePeer() {
        Wire w = established(0, EspProposal.aesCbcSha256(128));
        w.run(true, w.left.startQuickMode(TestPeers.child(true, 0, 3600, EspProposal.aesCbcSha256(128)), T0), T0);
        int spi = w.left.childSas().getFirst().inbound().spi();
        w.run(true, w.left.delete(), T0);
        List<IkeEvent.DeleteReceived> d = w.events(false, IkeEvent.DeleteReceived.class);
        assertEquals(2, d.size());
        assertEquals(ProtocolId.IPSEC_ESP, d.get(0).delete().protocolId());
        assertEquals(spi, java.nio.ByteBuffer.wrap(d.get(0).delete().spis().getFirst().toByteArray()).getInt());
        assertEquals(ProtocolId.ISAKMP, d.get(1).delete().protocolId());
        assertTrue(w.right.childSas().isEmpty());
        assertTrue(w.right.deleted());
        assertTrue(w.left.establishedSa().isEmpty());
    }
}
