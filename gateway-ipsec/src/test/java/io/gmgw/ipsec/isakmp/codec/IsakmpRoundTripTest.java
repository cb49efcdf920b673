package io.gmgw.ipsec.isakmp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.ipsec.isakmp.ExchangeType;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpDatagram;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Hash;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.Nonce;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.SealedBody;
import io.gmgw.ipsec.isakmp.payload.SymmetricKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** decode(encode(x)) == x and encode(decode(b)) == b, for hand-made GM messages, known bytes and random messages. */
class IsakmpRoundTripTest {
    private final IsakmpEncoder encoder = new IsakmpEncoder();
    private final IsakmpDecoder decoder = new IsakmpDecoder(IsakmpLimits.DEFAULT);

    /**
     * GM main mode message 1 written out by hand from ipsec.md §1/§3: version 0x11, exchange 2, SA (DOI 1, situation
     * 1), proposal 1 ISAKMP, transform KEY_IKE with SM4 (1=129), SM3 (2=20), SM2 envelope (3=10), asymmetric SM2
     * (20=2), life seconds as TV, 86400 as a 4-byte TLV.
     */
    @Test
    void gmMessageOneHasTheBytesOfTheStandardLayout() {
        String expected = "0123456789abcdef" + "0000000000000000" + "01" + "11" + "02" + "00" + "00000000" + "00000054"
                + "00000038" + "00000001" + "00000001"
                + "0000002c" + "01010001"
                + "00000024" + "01010000"
                + "80010081" + "80020014" + "8003000a" + "80140002" + "800b0001" + "000c0004" + "00015180";
        byte[] bytes = encoder.encode(IsakmpSamples.gmMessage1());
        assertEquals(expected, HexFormat.of().formatHex(bytes));
        assertEquals(IsakmpSamples.gmMessage1(), decoder.decode(bytes));
    }

    @Test
    void gmMainModeMessagesRoundTrip() {
        Random r = new Random(17);
        for (IsakmpMessage m : List.of(IsakmpSamples.gmMessage1(), IsakmpSamples.gmMessage2(r),
                IsakmpSamples.gmMessage3(r))) {
            byte[] bytes = encoder.encode(m);
            IsakmpDatagram back = decoder.decode(bytes);
            assertEquals(m, back);
            assertArrayEquals(bytes, encoder.encode((IsakmpMessage) back));
        }
    }

    /** Messages 3 and 4: with an SK payload present, NONCE and ID bodies are ciphertext under Sk (ipsec.md §2). */
    @Test
    void nonceAndIdBesideAnSkPayloadAreSealedAndDecodeOnceDecrypted() {
        IsakmpMessage m3 = IsakmpSamples.gmMessage3(new Random(3));
        IsakmpMessage back = (IsakmpMessage) decoder.decode(encoder.encode(m3));
        List<SealedBody> sealed = back.all(SealedBody.class);
        assertEquals(List.of(PayloadType.NONCE, PayloadType.IDENTIFICATION),
                sealed.stream().map(SealedBody::type).toList());
        // The caller decrypts a sealed body; the plaintext is an ordinary body.
        Identification id = new Identification(Identification.FQDN, 17, 500, Octets.of("vpn.example".getBytes()));
        Payload opened = new PayloadBodyDecoder(IsakmpLimits.DEFAULT).decode(PayloadType.IDENTIFICATION,
                encoder.body(id));
        assertEquals(id, opened);
        // A message with an SK payload cannot hold a plain nonce, nor a sealed body appear without one.
        assertThrows(IllegalArgumentException.class, () -> IsakmpMessage.of(m3.header(), List.of(
                new SymmetricKey(Octets.hex("01")), new Nonce(Octets.of(new byte[16])))));
        assertThrows(IllegalArgumentException.class, () -> IsakmpMessage.of(m3.header(), List.of(
                new SealedBody(PayloadType.NONCE, Octets.hex("01")))));
    }

    @Test
    void anEncryptedMessageIsOpaqueUntilTheCallerDecryptsIt() {
        IsakmpHeader h = IsakmpSamples.header(IsakmpSamples.CKY_R, ExchangeType.IDENTITY_PROTECTION,
                IsakmpHeader.FLAG_ENCRYPTION, 0).withNextPayload(PayloadType.IDENTIFICATION);
        List<Payload> inside = List.of(new Identification(Identification.IPV4_ADDR, 0, 0, Octets.hex("0a630001")),
                new Hash(Octets.of(new byte[32])));
        byte[] plain = encoder.encodePayloads(inside);
        // Padded to the SM4 block as RFC 2409 appendix B pads; here the "ciphertext" is the padded plaintext itself.
        byte[] padded = Arrays.copyOf(plain, (plain.length / 16 + 1) * 16);
        EncryptedIsakmpMessage sent = new EncryptedIsakmpMessage(h, Octets.of(padded));
        byte[] bytes = encoder.encode(sent);
        assertEquals(IsakmpHeader.LENGTH + padded.length, bytes.length);
        EncryptedIsakmpMessage received = assertInstanceOf(EncryptedIsakmpMessage.class, decoder.decode(bytes));
        assertEquals(sent, received);
        IsakmpMessage opened = decoder.decodeDecrypted(received, padded, 16);
        assertEquals(inside, opened.payloads());
        assertEquals(h, opened.header());
        // More than a block after the last payload is not padding.
        byte[] tooLong = Arrays.copyOf(plain, plain.length + 17);
        EncryptedIsakmpMessage bad = new EncryptedIsakmpMessage(h, Octets.of(tooLong));
        IsakmpFormatException e = assertThrows(IsakmpFormatException.class,
                () -> decoder.decodeDecrypted(bad, tooLong, 16));
        assertEquals(IsakmpHeader.LENGTH + plain.length, e.offset());
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(IsakmpMessage.of(h, inside)));
    }

    @Test
    void randomMessagesRoundTripExactly() {
        Random r = new Random(36968);
        for (int i = 0; i < 3000; i++) {
            IsakmpMessage m = IsakmpSamples.random(r);
            byte[] bytes = encoder.encode(m);
            IsakmpDatagram back = decoder.decode(bytes);
            assertEquals(m, back, () -> "message " + HexFormat.of().formatHex(bytes));
            assertArrayEquals(bytes, encoder.encode((IsakmpMessage) back));
        }
    }

    /** body() is the "_b" of the key schedule; withHeader() the payload as on the wire. */
    @Test
    void bodyAndWithHeaderAreTheWirePieces() {
        Payload sa = IsakmpSamples.gmPhase1Sa();
        byte[] message = encoder.encode(IsakmpSamples.gmMessage1());
        byte[] withHeader = encoder.withHeader(sa, PayloadType.NONE);
        assertArrayEquals(Arrays.copyOfRange(message, 28, message.length), withHeader);
        assertArrayEquals(Arrays.copyOfRange(message, 32, message.length), encoder.body(sa));
    }
}
