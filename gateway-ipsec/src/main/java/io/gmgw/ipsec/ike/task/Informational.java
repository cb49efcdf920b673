package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.isakmp.ExchangeType;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.ProtocolId;
import io.gmgw.ipsec.isakmp.codec.IsakmpEncoder;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Delete;
import io.gmgw.ipsec.isakmp.payload.Hash;
import io.gmgw.ipsec.isakmp.payload.Notification;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The informational exchange (RFC 2409 §5.7): one message, no answer. Under an established ISAKMP SA it is encrypted
 * with an IV chain of its own, HASH(last phase-1 block | M-ID), and starts with HASH(1) = prf(SKEYID_a, M-ID | N/D);
 * before there are keys, an error notify goes in the clear (RFC 2408 §5.x: the only way to tell the peer).
 */
public final class Informational {
    private static final IsakmpEncoder ENCODER = new IsakmpEncoder();

    private Informational() {
    }

    /** A notify about the ISAKMP SA (SPI = CKY-I | CKY-R) in the clear: phase-1 errors before keys exist. */
    public static byte[] plainNotify(int version, long ckyI, long ckyR, int messageId, int notifyType) {
        Octets spi = Octets.of(ByteBuffer.allocate(16).putLong(ckyI).putLong(ckyR).array());
        Notification n = new Notification(SecurityAssociation.DOI_IPSEC, ProtocolId.ISAKMP, spi, notifyType,
                Octets.EMPTY);
        IsakmpHeader h = new IsakmpHeader(ckyI, ckyR, n.type(), version, ExchangeType.INFORMATIONAL, 0, messageId);
        return ENCODER.encode(new IsakmpMessage(h, List.of(n)));
    }

    /** An encrypted, hashed informational message carrying {@code payloads} (notify and/or delete). */
    public static byte[] protect(IsakmpSa sa, int messageId, List<Payload> payloads) {
        byte[] iv = sa.phase2().iv(sa.phase1LastBlock(), messageId, sa.blockSize());
        byte[] hash = sa.phase2().informationalHash(sa.keys().skeyidA(), messageId, payloads);
        List<Payload> all = new ArrayList<>();
        all.add(new Hash(Octets.of(hash)));
        all.addAll(payloads);
        IsakmpHeader h = new IsakmpHeader(sa.initiatorCookie(), sa.responderCookie(), all.getFirst().type(),
                sa.version(), ExchangeType.INFORMATIONAL, 0, messageId);
        return sa.seal(h, all, iv);
    }

    /** A notify of {@code type} about the ISAKMP SA, protected. */
    public static byte[] notify(IsakmpSa sa, int messageId, int type, Octets data) {
        return protect(sa, messageId, List.of(new Notification(SecurityAssociation.DOI_IPSEC, ProtocolId.ISAKMP,
                sa.spi(), type, data)));
    }

    /** A delete of the ISAKMP SA itself, protected (RFC 2408 §3.15: SPI size 16, the cookies). */
    public static byte[] deleteIsakmpSa(IsakmpSa sa, int messageId) {
        return protect(sa, messageId, List.of(new Delete(SecurityAssociation.DOI_IPSEC, ProtocolId.ISAKMP, 16,
                List.of(sa.spi()))));
    }

    /** A delete of ESP SAs by their inbound SPIs (what the peer sends to), protected. */
    public static byte[] deleteEsp(IsakmpSa sa, int messageId, List<Integer> inboundSpis) {
        List<Octets> spis = inboundSpis.stream().map(s -> Octets.of(ByteBuffer.allocate(4).putInt(s).array()))
                .toList();
        return protect(sa, messageId, List.of(new Delete(SecurityAssociation.DOI_IPSEC, ProtocolId.IPSEC_ESP, 4,
                spis)));
    }

    /**
     * Opens a protected informational message: decrypts with its own IV, checks HASH(1) over the payloads after it
     * (INVALID-HASH-INFORMATION if missing or wrong), and reports each notify and delete.
     */
    public static List<IkeEvent> open(IsakmpSa sa, EncryptedIsakmpMessage message) {
        int mid = message.header().messageId();
        if (mid == 0) {
            throw new IkeNotifyException(NotifyType.INVALID_MESSAGE_ID, "an encrypted informational message needs a "
                    + "non-zero message id (RFC 2409 §5.7)");
        }
        byte[] iv = sa.phase2().iv(sa.phase1LastBlock(), mid, sa.blockSize());
        IsakmpMessage m = sa.open(message, iv);
        if (m.payloads().isEmpty() || !(m.payloads().getFirst() instanceof Hash hash)) {
            throw new IkeNotifyException(NotifyType.INVALID_HASH_INFORMATION, "informational message without HASH(1) "
                    + "first");
        }
        List<Payload> rest = m.payloads().subList(1, m.payloads().size());
        byte[] want = sa.phase2().informationalHash(sa.keys().skeyidA(), mid, rest);
        if (!MessageDigest.isEqual(want, hash.data().toByteArray())) {
            throw new IkeNotifyException(NotifyType.INVALID_HASH_INFORMATION, "informational HASH(1) does not verify");
        }
        List<IkeEvent> events = new ArrayList<>();
        for (Payload p : rest) {
            switch (p) {
                case Notification n -> events.add(new IkeEvent.NotifyReceived(n, true));
                case Delete d -> events.add(new IkeEvent.DeleteReceived(d));
                default -> throw new IkeNotifyException(NotifyType.INVALID_PAYLOAD_TYPE, p.type()
                        + " payload in an informational exchange");
            }
        }
        return events;
    }
}
