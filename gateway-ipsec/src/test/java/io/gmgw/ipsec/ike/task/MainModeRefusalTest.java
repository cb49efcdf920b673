package io.gmgw.ipsec.ike.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.ike.config.EspProposal;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.codec.IsakmpDecoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpLimits;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Notification;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages main mode refuses before any key exists, each answered with the notify that names the fault. */
class MainModeRefusalTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SecureRandom random = new SecureRandom();
    private final IsakmpDecoder decoder = new IsakmpDecoder(IsakmpLimits.DEFAULT);

    private IsakmpSession initiator() {
        return IsakmpSession.initiator(TestPeers.phase1(true, "k", true),
                List.of(TestPeers.child(true, 0, 3600, EspProposal.aesCbcSha256(128))), random);
    }

    private IsakmpSession responder() {
        return IsakmpSession.responder(TestPeers.phase1(false, "k", true),
                List.of(TestPeers.child(false, 0, 3600, EspProposal.aesCbcSha256(128))), random);
    }

    private int notifyType(TaskStep step) {
        assertEquals(1, step.send().size(), step::toString);
        IsakmpMessage m = (IsakmpMessage) decoder.decode(step.send().getFirst().datagram());
        return m.first(Notification.class).orElseThrow().messageType();
    }

    @Test
    void aggressiveModeIsAnUnsupportedExchangeType() {
        byte[] m1 = initiator().initiate(T0).send().getFirst().datagram();
        m1[18] = 4; // exchange type: aggressive
        TaskStep step = responder().receive(m1, false, T0);
        assertEquals(NotifyType.UNSUPPORTED_EXCHANGE_TYPE, notifyType(step));
    }

    @Test
    void aFirstMessageWithAResponderCookieIsInvalidCookie() {
        byte[] m1 = initiator().initiate(T0).send().getFirst().datagram();
        ByteBuffer.wrap(m1).putLong(8, 0x1122334455667788L);
        IsakmpSession r = responder();
        TaskStep step = r.receive(m1, false, T0);
        assertEquals(NotifyType.INVALID_COOKIE, notifyType(step));
        assertTrue(r.failed());
    }

    @Test
    void anAnswerWithAnotherInitiatorCookieIsDropped() {
        IsakmpSession i = initiator();
        byte[] m1 = i.initiate(T0).send().getFirst().datagram();
        byte[] m2 = responder().receive(m1, false, T0).send().getFirst().datagram();
        ByteBuffer.wrap(m2).putLong(0, ByteBuffer.wrap(m2).getLong(0) ^ 1);
        TaskStep step = i.receive(m2, false, T0);
        assertTrue(step.send().isEmpty(), "not ours: no answer that a spoofer could use");
        assertTrue(step.events().getFirst() instanceof IkeEvent.MessageDropped);
        assertTrue(!i.failed(), "the real answer may still come");
    }

    @Test
    void noCommonPhase1ProposalIsNoProposalChosen() {
        byte[] m1 = initiator().initiate(T0).send().getFirst().datagram();
        // the transforms' encryption attribute (AES 7) becomes 3DES (5): neither transform is acceptable
        for (int at = 28; at + 4 <= m1.length; at++) {
            if (m1[at] == (byte) 0x80 && m1[at + 1] == 1 && m1[at + 2] == 0 && m1[at + 3] == 7) {
                m1[at + 3] = 5;
            }
        }
        IsakmpSession r = responder();
        assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, notifyType(r.receive(m1, false, T0)));
        assertTrue(r.failed());
    }

    @Test
    void theInitiatorStopsAtOnceWhenThePeerRefusesInTheClear() {
        IsakmpSession i = initiator();
        TaskStep first = i.initiate(T0);
        byte[] m1 = first.send().getFirst().datagram();
        long ckyI = ByteBuffer.wrap(m1).getLong(0);
        byte[] refusal = Informational.plainNotify(0x10, ckyI, 0, 7, NotifyType.NO_PROPOSAL_CHOSEN);
        TaskStep step = i.receive(refusal, false, T0);
        IkeEvent.ExchangeFailed f = step.events().stream().filter(IkeEvent.ExchangeFailed.class::isInstance)
                .map(IkeEvent.ExchangeFailed.class::cast).findFirst().orElseThrow();
        assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, f.notifyType());
        assertTrue(f.reason().contains("unauthenticated"), f.reason());
        assertTrue(i.failed());
        assertTrue(i.deadline().isEmpty(), "no retransmission after the refusal");
        // a refusal for someone else's cookies changes nothing
        IsakmpSession other = initiator();
        other.initiate(T0);
        assertTrue(!other.receive(refusal, false, T0).events().isEmpty());
        assertTrue(!other.failed());
    }
}
