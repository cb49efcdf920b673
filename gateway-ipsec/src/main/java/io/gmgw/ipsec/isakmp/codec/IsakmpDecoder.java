package io.gmgw.ipsec.isakmp.codec;

import io.gmgw.ipsec.isakmp.ExchangeType;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpDatagram;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.SealedBody;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one ISAKMP message from the bytes of one UDP datagram (after the non-ESP marker on port 4500), sans-I/O and
 * strict: the header's length must equal the datagram's, every payload's length must fit, reserved bytes must be zero,
 * and the limits of {@link IsakmpLimits} hold. Whatever it accepts, {@link IsakmpEncoder} turns back into the same
 * bytes. Anything else is an {@link IsakmpFormatException} naming the part, the offset and the notify to answer with.
 *
 * <p>Two passes: the chain of generic payload headers first (so that a message holding the GM symmetric-key payload
 * is known before any body is read), then each body. In a message that holds an SK payload (GM main-mode messages 3
 * and 4, ipsec.md §2) the NONCE and ID bodies are ciphertext under Sk and come out as {@link SealedBody}.
 */
public final class IsakmpDecoder {
    private final IsakmpLimits limits;
    private final PayloadBodyDecoder bodies;

    public IsakmpDecoder(IsakmpLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.bodies = new PayloadBodyDecoder(limits);
    }

    public IsakmpDatagram decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    /** Decodes {@code data[offset, offset + length)}; error offsets count from {@code offset}. */
    public IsakmpDatagram decode(byte[] data, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        IsakmpHeader header = decodeHeader(data, offset, length);
        int body = offset + IsakmpHeader.LENGTH;
        int end = offset + length;
        if (header.encrypted()) {
            if (end == body) {
                throw new IsakmpFormatException(NotifyType.PAYLOAD_MALFORMED, "header", IsakmpHeader.LENGTH,
                        "the encryption flag is set but no ciphertext follows");
            }
            return new EncryptedIsakmpMessage(header, Octets.of(data, body, end - body));
        }
        return new IsakmpMessage(header, payloads(header.nextPayload(), data, offset, body, end, 0));
    }

    /**
     * Decodes the payloads of an encrypted message once the caller has decrypted {@code plaintext} (the whole
     * ciphertext after the header, decrypted). After the last payload at most {@code blockSize} bytes of padding may
     * follow (RFC 2409 appendix B); their values are not checked. Error offsets count from the header's first byte.
     */
    public IsakmpMessage decodeDecrypted(EncryptedIsakmpMessage message, byte[] plaintext, int blockSize) {
        if (plaintext.length != message.ciphertext().length()) {
            throw new IllegalArgumentException("the plaintext of " + message.ciphertext().length()
                    + " ciphertext bytes is as long, not " + plaintext.length);
        }
        // Error offsets relative to the header: the plaintext starts 28 bytes into the message.
        List<Payload> payloads = payloads(message.header().nextPayload(), plaintext, -IsakmpHeader.LENGTH, 0,
                plaintext.length, blockSize);
        return new IsakmpMessage(message.header(), payloads);
    }

    /**
     * The header alone, with the checks that need nothing else: length field equal to {@code length} and within the
     * limit, known version, exchange type, flags and first payload type.
     */
    public IsakmpHeader decodeHeader(byte[] data, int offset, int length) {
        Cursor c = new Cursor(data, offset, offset, offset + length, "header");
        if (length < IsakmpHeader.LENGTH) {
            throw c.fail(NotifyType.PAYLOAD_MALFORMED, "a message is at least 28 bytes, this one " + length);
        }
        if (length > limits.maxMessageLength()) {
            throw c.fail(NotifyType.PAYLOAD_MALFORMED, "message of " + length + " bytes exceeds the limit of "
                    + limits.maxMessageLength());
        }
        long initiatorCookie = c.u64("initiator cookie");
        long responderCookie = c.u64("responder cookie");
        int at = c.position();
        int next = c.u8("next payload");
        PayloadType nextType = PayloadType.of(next).orElseThrow(() -> c.failAt(NotifyType.INVALID_PAYLOAD_TYPE, at,
                "unknown first payload type " + next));
        if (nextType == PayloadType.PROPOSAL || nextType == PayloadType.TRANSFORM) {
            throw c.failAt(NotifyType.INVALID_PAYLOAD_TYPE, at, nextType + " only occurs inside an SA");
        }
        int versionAt = c.position();
        int version = c.u8("version");
        if (version >>> 4 != 1) {
            throw c.failAt(NotifyType.INVALID_MAJOR_VERSION, versionAt, "major version " + (version >>> 4)
                    + " (IKEv1 is 1)");
        }
        if (version != IsakmpHeader.VERSION_GM && version != IsakmpHeader.VERSION_RFC2409) {
            throw c.failAt(NotifyType.INVALID_MINOR_VERSION, versionAt, "minor version " + (version & 0xf)
                    + " (0x10 RFC 2409 and 0x11 GM/T 0022 are spoken)");
        }
        int exchangeAt = c.position();
        int exchange = c.u8("exchange type");
        ExchangeType exchangeType = ExchangeType.of(exchange).orElseThrow(() -> c.failAt(
                NotifyType.INVALID_EXCHANGE_TYPE, exchangeAt, "unknown exchange type " + exchange));
        int flagsAt = c.position();
        int flags = c.u8("flags");
        if ((flags & ~IsakmpHeader.KNOWN_FLAGS) != 0) {
            throw c.failAt(NotifyType.INVALID_FLAGS, flagsAt, "unknown flags 0x" + Integer.toHexString(flags));
        }
        int messageId = (int) c.u32("message id");
        int lengthAt = c.position();
        long declared = c.u32("length");
        if (declared != length) {
            throw c.failAt(NotifyType.PAYLOAD_MALFORMED, lengthAt, "the header says " + declared
                    + " bytes, the datagram holds " + length);
        }
        return new IsakmpHeader(initiatorCookie, responderCookie, nextType, version, exchangeType, flags, messageId);
    }

    private record Span(PayloadType type, int start, int end) {
    }

    private List<Payload> payloads(PayloadType first, byte[] data, int base, int from, int to, int padding) {
        List<Span> spans = new ArrayList<>();
        Cursor c = new Cursor(data, base, from, to, "payload chain");
        PayloadType type = first;
        boolean sealed = false;
        while (type != PayloadType.NONE) {
            if (spans.size() == limits.maxPayloads()) {
                throw c.fail(NotifyType.PAYLOAD_MALFORMED, "more than " + limits.maxPayloads() + " payloads");
            }
            int start = c.position();
            Cursor h = c.sub(start, to, type.name());
            h.need(4, "generic payload header");
            int next = h.u8("next payload");
            h.reserved(1, "reserved");
            int length = h.u16("payload length");
            if (length < 4 || start + length > to) {
                throw h.failAt(NotifyType.PAYLOAD_MALFORMED, start, "payload length " + length + " but "
                        + (to - start) + " bytes remain in the message");
            }
            PayloadType nextType = PayloadType.of(next).orElseThrow(() -> h.failAt(NotifyType.INVALID_PAYLOAD_TYPE,
                    start, "unknown next payload type " + next));
            if (nextType == PayloadType.PROPOSAL || nextType == PayloadType.TRANSFORM) {
                throw h.failAt(NotifyType.INVALID_PAYLOAD_TYPE, start, "next payload " + nextType
                        + " only occurs inside an SA");
            }
            spans.add(new Span(type, start, start + length));
            sealed |= type == PayloadType.SYMMETRIC_KEY;
            c.octets(length, type.name());
            type = nextType;
        }
        if (c.remaining() > padding) {
            throw c.fail(NotifyType.PAYLOAD_MALFORMED, c.remaining() + " bytes after the last payload"
                    + (padding == 0 ? "" : " (more than a block of padding)"));
        }
        List<Payload> payloads = new ArrayList<>(spans.size());
        for (Span s : spans) {
            int bodyStart = s.start() + 4;
            if (sealed && (s.type() == PayloadType.NONCE || s.type() == PayloadType.IDENTIFICATION)) {
                if (s.end() == bodyStart) {
                    throw c.failAt(NotifyType.PAYLOAD_MALFORMED, s.start(), s.type() + " sealed under Sk is empty");
                }
                payloads.add(new SealedBody(s.type(), Octets.of(data, bodyStart,
                        s.end() - bodyStart)));
            } else {
                payloads.add(bodies.decode(s.type(), data, base, bodyStart, s.end()));
            }
        }
        return payloads;
    }
}
