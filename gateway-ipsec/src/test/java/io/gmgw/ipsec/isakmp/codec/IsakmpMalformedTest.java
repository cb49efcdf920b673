package io.gmgw.ipsec.isakmp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.message.IsakmpDatagram;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Certificate;
import io.gmgw.ipsec.isakmp.payload.Delete;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.Nonce;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.VendorId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Malformed input: each rule of the decoder broken on purpose gives an {@link IsakmpFormatException} with the part,
 * the offset and the notify type; every truncation and every single-byte change of real messages either decodes to
 * something that encodes back to the same bytes or fails that way, never with another exception.
 */
class IsakmpMalformedTest {
    private final IsakmpDecoder decoder = new IsakmpDecoder(IsakmpLimits.DEFAULT);
    private final IsakmpEncoder encoder = new IsakmpEncoder();

    private IsakmpFormatException fails(byte[] bytes) {
        return assertThrows(IsakmpFormatException.class, () -> decoder.decode(bytes));
    }

    private static byte[] with(byte[] bytes, int offset, int... values) {
        byte[] b = bytes.clone();
        for (int i = 0; i < values.length; i++) {
            b[offset + i] = (byte) values[i];
        }
        return b;
    }

    private byte[] gm1() {
        return encoder.encode(IsakmpSamples.gmMessage1());
    }

    @Test
    void headerRules() {
        byte[] m = gm1();
        IsakmpFormatException e = fails(Arrays.copyOf(m, 27));
        assertEquals("header", e.part());
        assertEquals(NotifyType.PAYLOAD_MALFORMED, e.notifyType());

        e = fails(with(m, 17, 0x20));
        assertEquals(NotifyType.INVALID_MAJOR_VERSION, e.notifyType());
        assertEquals(17, e.offset());
        assertEquals(NotifyType.INVALID_MINOR_VERSION, fails(with(m, 17, 0x12)).notifyType());
        assertEquals(NotifyType.INVALID_EXCHANGE_TYPE, fails(with(m, 18, 6)).notifyType());
        e = fails(with(m, 19, 0x08));
        assertEquals(NotifyType.INVALID_FLAGS, e.notifyType());
        assertEquals(19, e.offset());
        e = fails(with(m, 16, 99));
        assertEquals(NotifyType.INVALID_PAYLOAD_TYPE, e.notifyType());
        assertEquals(16, e.offset());
        assertEquals(NotifyType.INVALID_PAYLOAD_TYPE, fails(with(m, 16, PayloadType.PROPOSAL.code())).notifyType());
        // the length field must be the datagram's length
        e = fails(with(m, 27, m.length + 1));
        assertEquals(24, e.offset());
        assertTrue(e.getMessage().contains("the header says 85 bytes, the datagram holds 84"), e.getMessage());
        byte[] longer = Arrays.copyOf(m, m.length + 4);
        longer[27] = (byte) longer.length;
        assertTrue(fails(longer).getMessage().contains("4 bytes after the last payload"));
        // E set with nothing after the header
        byte[] bare = Arrays.copyOf(m, 28);
        bare[19] = 1;
        bare[27] = 28;
        assertEquals(NotifyType.PAYLOAD_MALFORMED, fails(bare).notifyType());
    }

    @Test
    void theMessageLengthLimitHolds() {
        IsakmpDecoder small = new IsakmpDecoder(new IsakmpLimits(83, 32, 32, 64, 32, 256));
        IsakmpFormatException e = assertThrows(IsakmpFormatException.class, () -> small.decode(gm1()));
        assertTrue(e.getMessage().contains("exceeds the limit of 83"), e.getMessage());
        assertEquals(IsakmpMessage.class, new IsakmpDecoder(new IsakmpLimits(84, 32, 32, 64, 32, 256))
                .decode(gm1()).getClass());
    }

    @Test
    void countLimitsHold() {
        List<Payload> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(new VendorId(Octets.hex("0" + i)));
        }
        byte[] m = encoder.encode(IsakmpMessage.of(IsakmpSamples.gmMessage1().header(), many));
        IsakmpLimits four = new IsakmpLimits(65536, 4, 32, 64, 32, 256);
        IsakmpFormatException e = assertThrows(IsakmpFormatException.class, () -> new IsakmpDecoder(four).decode(m));
        assertTrue(e.getMessage().contains("more than 4 payloads"), e.getMessage());
        // six attributes in the GM transform, five allowed
        IsakmpLimits fiveAttributes = new IsakmpLimits(65536, 32, 32, 64, 5, 256);
        e = assertThrows(IsakmpFormatException.class, () -> new IsakmpDecoder(fiveAttributes).decode(gm1()));
        assertEquals("TRANSFORM", e.part());
        assertTrue(e.getMessage().contains("more than 5 attributes"), e.getMessage());
        Delete d = new Delete(1, 3, 4, List.of(Octets.hex("00000001"), Octets.hex("00000002")));
        IsakmpLimits oneSpi = new IsakmpLimits(65536, 32, 32, 64, 32, 1);
        byte[] del = encoder.encode(IsakmpMessage.of(IsakmpSamples.gmMessage1().header(), List.of(d)));
        assertThrows(IsakmpFormatException.class, () -> new IsakmpDecoder(oneSpi).decode(del));
    }

    @Test
    void saRules() {
        byte[] m = gm1();
        // SA payload at 28: header 28..31, DOI 32..35, situation 36..39, proposal 40.., transform 48..
        assertEquals(NotifyType.PAYLOAD_MALFORMED, fails(with(m, 29, 1)).notifyType()); // reserved
        assertEquals(NotifyType.DOI_NOT_SUPPORTED, fails(with(m, 35, 2)).notifyType());
        assertEquals(NotifyType.SITUATION_NOT_SUPPORTED, fails(with(m, 39, 2)).notifyType());
        IsakmpFormatException e = fails(with(m, 40, 5)); // proposal's next payload
        assertEquals(NotifyType.BAD_PROPOSAL_SYNTAX, e.notifyType());
        assertEquals("PROPOSAL", e.part());
        assertEquals(40, e.offset());
        assertEquals(NotifyType.BAD_PROPOSAL_SYNTAX, fails(with(m, 47, 2)).notifyType()); // 2 transforms announced
        assertEquals(NotifyType.BAD_PROPOSAL_SYNTAX, fails(with(m, 47, 0)).notifyType()); // none
        e = fails(with(m, 48, 3)); // transform says another follows
        assertEquals("PROPOSAL", e.part());
        assertEquals(NotifyType.BAD_PROPOSAL_SYNTAX, e.notifyType());
        assertEquals(NotifyType.PAYLOAD_MALFORMED, fails(with(m, 54, 1)).notifyType()); // transform reserved2
        // the life-duration TLV (at 76) claims 5 bytes where 4 remain
        e = fails(with(m, 78, 0, 5));
        assertEquals("malformed ISAKMP message: TRANSFORM at offset 76: attribute 12 of length 5 but 4 bytes remain"
                + " in the transform", e.getMessage()); // the example of docs/ipsec.md
        assertEquals("TRANSFORM", e.part());
        assertEquals(76, e.offset());
        // a proposal length running past the SA
        e = fails(with(m, 42, 0, 0x2d));
        assertEquals(40, e.offset());
    }

    @Test
    void payloadBodyRules() {
        IsakmpMessage base = IsakmpSamples.gmMessage1();
        PayloadBodyDecoder bodies = new PayloadBodyDecoder(IsakmpLimits.DEFAULT);
        for (int n : new int[] {7, 257}) {
            IsakmpFormatException nonce = assertThrows(IsakmpFormatException.class,
                    () -> bodies.decode(PayloadType.NONCE, new byte[n]));
            assertTrue(nonce.getMessage().contains("RFC 2409 §5 allows 8 to 256"), nonce.getMessage());
        }
        assertEquals(new Nonce(Octets.of(new byte[8])), bodies.decode(PayloadType.NONCE, new byte[8]));
        IsakmpFormatException e = fails(bytesWith(new Identification(Identification.IPV4_ADDR, 0, 0,
                Octets.hex("0a000001")), 32, 12));
        assertEquals(NotifyType.INVALID_ID_INFORMATION, e.notifyType());
        assertEquals("IDENTIFICATION", e.part());
        assertEquals(NotifyType.INVALID_CERT_ENCODING, failsWith(new Certificate(4, Octets.hex("3000")), 32, 0));
        assertEquals(NotifyType.INVALID_CERT_ENCODING, failsWith(new Certificate(4, Octets.hex("3000")), 32, 11));
        Delete d = new Delete(1, 3, 4, List.of(Octets.hex("00000001")));
        assertEquals(NotifyType.PAYLOAD_MALFORMED, failsWith(d, 38, 0, 2)); // 2 SPIs announced, 1 present
        assertEquals(NotifyType.DOI_NOT_SUPPORTED, failsWith(d, 35, 7));
        // a payload length running past the message
        byte[] m = encoder.encode(base);
        e = fails(with(m, 30, 0, 0x39));
        assertEquals("SECURITY_ASSOCIATION", e.part());
        assertEquals(28, e.offset());
        assertEquals(NotifyType.PAYLOAD_MALFORMED, fails(with(m, 30, 0, 3)).notifyType());
        // unknown next payload after the SA
        assertEquals(NotifyType.INVALID_PAYLOAD_TYPE, fails(with(m, 28, 14)).notifyType());
    }

    private byte[] bytesWith(Payload p, int offset, int... values) {
        IsakmpMessage m = IsakmpMessage.of(IsakmpSamples.gmMessage1().header(), List.of(p));
        return with(encoder.encode(m), offset, values);
    }

    private int failsWith(Payload p, int offset, int... values) {
        return fails(bytesWith(p, offset, values)).notifyType();
    }

    /** Every prefix and every one-byte change of real and sample messages: exact round trip or a format error. */
    @Test
    void truncatedAndCorruptedMessagesNeverThrowAnythingElse() throws IOException {
        Random r = new Random(500);
        List<byte[]> messages = List.of(StrongSwanCaptureTest.messageOne(), gm1(),
                encoder.encode(IsakmpSamples.gmMessage2(r)), encoder.encode(IsakmpSamples.gmMessage3(r)));
        int rejected = 0;
        for (byte[] m : messages) {
            for (int n = 0; n < m.length; n++) {
                byte[] cut = Arrays.copyOf(m, n);
                fails(cut);
                rejected++;
            }
            for (int i = 0; i < Math.min(m.length, 300); i++) {
                for (int v : new int[] {0, 1, 0x7f, 0x80, 0xff, m[i] ^ 0x01}) {
                    rejected += decodesExactlyOrFails(with(m, i, v)) ? 0 : 1;
                }
            }
        }
        assertTrue(rejected > 1000, "the mutations exercised the error paths: " + rejected);
    }

    private boolean decodesExactlyOrFails(byte[] bytes) {
        IsakmpDatagram d;
        try {
            d = decoder.decode(bytes);
        } catch (IsakmpFormatException expected) {
            return false;
        }
        byte[] again = d instanceof IsakmpMessage m ? encoder.encode(m)
                : encoder.encode((io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage) d);
        assertArrayEquals(bytes, again, () -> "accepted but not re-encoded exactly: " + HexFormat.of()
                .formatHex(bytes));
        return true;
    }
}
