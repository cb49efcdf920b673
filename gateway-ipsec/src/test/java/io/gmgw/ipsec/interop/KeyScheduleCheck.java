package io.gmgw.ipsec.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.gmgw.ipsec.ike.keys.IkePrf;
import io.gmgw.ipsec.ike.keys.Phase1KeySchedule;
import io.gmgw.ipsec.ike.keys.Phase1Keys;
import io.gmgw.ipsec.ike.keys.Phase2KeySchedule;
import io.gmgw.ipsec.isakmp.ExchangeType;
import io.gmgw.ipsec.isakmp.ProtocolId;
import io.gmgw.ipsec.isakmp.codec.IsakmpDecoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpEncoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpLimits;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpDatagram;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Hash;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.KeyExchange;
import io.gmgw.ipsec.isakmp.payload.Nonce;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import io.gmgw.ipsec.natt.NonEspMarker;
import io.gmgw.ipsec.profile.QuickModeHashInput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RFC 2409 key schedule checked against a recorded charon exchange (PSK "gmgw-test-psk",
 * aes128-sha256-modp2048 with PFS): from the packets (decoded by our codec, the encrypted ones decrypted with our keys)
 * and charon's Diffie-Hellman secrets it computes SKEYID, SKEYID_d/a/e, Ka, the initial IV, HASH_I, HASH_R, the
 * quick-mode IV, HASH(1), HASH(2) and the ESP KEYMAT of both directions, and compares each with charon's logged value
 * and with the HASH payloads charon sent.
 */
final class KeyScheduleCheck {
    static final String PSK = "gmgw-test-psk";
    private final IsakmpDecoder decoder = new IsakmpDecoder(IsakmpLimits.DEFAULT);
    private final IsakmpEncoder encoder = new IsakmpEncoder();

    void check(RecordedExchange exchange) throws Exception {
        List<IsakmpDatagram> toResponder = packets(exchange.toResponder());
        List<IsakmpDatagram> toInitiator = packets(exchange.toInitiator());
        IsakmpMessage m1 = plain(toResponder, 0);
        IsakmpMessage m3 = plain(toResponder, 1);
        IsakmpMessage m4 = plain(toInitiator, 1);
        byte[] ckyI = u64(m1.header().initiatorCookie());
        byte[] ckyR = u64(m4.header().responderCookie());
        byte[] niB = m3.first(Nonce.class).orElseThrow().data().toByteArray();
        byte[] nrB = m4.first(Nonce.class).orElseThrow().data().toByteArray();
        byte[] gxi = m3.first(KeyExchange.class).orElseThrow().data().toByteArray();
        byte[] gxr = m4.first(KeyExchange.class).orElseThrow().data().toByteArray();
        byte[] gxy = exchange.value("shared Diffie Hellman secret");
        assertArrayEquals(gxy, exchange.value("responder shared Diffie Hellman secret"));

        IkePrf prf = IkePrf.jca("HmacSHA256", "SHA-256");
        Phase1KeySchedule p1 = new Phase1KeySchedule(prf);
        Phase1Keys keys = p1.derive(p1.skeyidPreSharedKey(PSK.getBytes(StandardCharsets.US_ASCII), niB, nrB), gxy,
                ckyI, ckyR);
        assertArrayEquals(exchange.value("SKEYID"), keys.skeyid());
        assertArrayEquals(exchange.value("SKEYID_d"), keys.skeyidD());
        assertArrayEquals(exchange.value("SKEYID_a"), keys.skeyidA());
        assertArrayEquals(exchange.value("SKEYID_e"), keys.skeyidE());
        byte[] ka = p1.encryptionKey(keys.skeyidE(), 16);
        assertArrayEquals(exchange.value("encryption key Ka"), ka);
        byte[] iv = p1.initialIv(gxi, gxr, 16);
        assertArrayEquals(exchange.value("initial IV"), iv);

        // Main mode 5 and 6, encrypted: opened with our key and IV chain, their HASH payloads are our HASH_I/HASH_R.
        byte[] saiB = encoder.body(m1.first(SecurityAssociation.class).orElseThrow());
        EncryptedIsakmpMessage e5 = encrypted(toResponder, ExchangeType.IDENTITY_PROTECTION);
        IsakmpMessage m5 = decrypt(e5, ka, iv);
        byte[] idiiB = encoder.body(m5.first(Identification.class).orElseThrow());
        byte[] hashI = p1.hashI(keys.skeyid(), gxi, gxr, ckyI, ckyR, saiB, idiiB);
        assertArrayEquals(exchange.value("HASH_I"), hashI);
        assertArrayEquals(hashI, m5.first(Hash.class).orElseThrow().data().toByteArray());
        EncryptedIsakmpMessage e6 = encrypted(toInitiator, ExchangeType.IDENTITY_PROTECTION);
        IsakmpMessage m6 = decrypt(e6, ka, lastBlock(e5));
        byte[] idirB = encoder.body(m6.first(Identification.class).orElseThrow());
        byte[] hashR = p1.hashR(keys.skeyid(), gxr, gxi, ckyR, ckyI, saiB, idirB);
        assertArrayEquals(hashR, m6.first(Hash.class).orElseThrow().data().toByteArray());

        // Quick mode 1 and 2: IV from the last phase-1 block and the message id, HASH(1), HASH(2) in wire order.
        Phase2KeySchedule p2 = new Phase2KeySchedule(prf);
        EncryptedIsakmpMessage q1e = encrypted(toResponder, ExchangeType.QUICK_MODE);
        int mid = q1e.header().messageId();
        byte[] qmIv = p2.iv(lastBlock(e6), mid, 16);
        IsakmpMessage q1 = decrypt(q1e, ka, qmIv);
        List<Payload> after1 = q1.payloads().subList(1, q1.payloads().size());
        byte[] hash1 = p2.hash1(QuickModeHashInput.RFC2409_WIRE_ORDER, keys.skeyidA(), mid, after1);
        assertArrayEquals(((Hash) q1.payloads().getFirst()).data().toByteArray(), hash1);
        assertArrayEquals(exchange.value("responder Hash(1)"), hash1);
        EncryptedIsakmpMessage q2e = encrypted(toInitiator, ExchangeType.QUICK_MODE);
        IsakmpMessage q2 = decrypt(q2e, ka, lastBlock(q1e));
        byte[] qmNiB = q1.first(Nonce.class).orElseThrow().data().toByteArray();
        byte[] hash2 = p2.hash2(QuickModeHashInput.RFC2409_WIRE_ORDER, keys.skeyidA(), mid, qmNiB,
                q2.payloads().subList(1, q2.payloads().size()));
        assertArrayEquals(((Hash) q2.payloads().getFirst()).data().toByteArray(), hash2);
        assertArrayEquals(exchange.value("Hash(2)"), hash2);

        // KEYMAT with PFS: per direction from the receiver's SPI; encryption key (16) first, integrity key (32) next.
        byte[] qmGxy = exchange.value("DH secret");
        byte[] qmNrB = q2.first(Nonce.class).orElseThrow().data().toByteArray();
        byte[] spiI = q1.first(SecurityAssociation.class).orElseThrow().proposals().getFirst().spi().toByteArray();
        byte[] spiR = q2.first(SecurityAssociation.class).orElseThrow().proposals().getFirst().spi().toByteArray();
        byte[] outbound = p2.keymat(keys.skeyidD(), qmGxy, ProtocolId.IPSEC_ESP, spiR, qmNiB, qmNrB, 48);
        byte[] inbound = p2.keymat(keys.skeyidD(), qmGxy, ProtocolId.IPSEC_ESP, spiI, qmNiB, qmNrB, 48);
        assertArrayEquals(exchange.value("encryption initiator key"), Arrays.copyOf(outbound, 16));
        assertArrayEquals(exchange.value("integrity initiator key"), Arrays.copyOfRange(outbound, 16, 48));
        assertArrayEquals(exchange.value("encryption responder key"), Arrays.copyOf(inbound, 16));
        assertArrayEquals(exchange.value("integrity responder key"), Arrays.copyOfRange(inbound, 16, 48));
        keys.destroy();
    }

    /** The packets charon received, in order: the non-ESP marker of port 4500 stripped, each decoded. */
    private List<IsakmpDatagram> packets(List<byte[]> received) {
        List<IsakmpDatagram> out = new ArrayList<>();
        for (byte[] p : received) {
            // Port 4500 packets start with the marker; port 500 ones with CKY-I (zero in its first four bytes with
            // probability 2^-32, which would fail the decode below, not pass silently).
            byte[] ike = NonEspMarker.classify(p, 0, p.length) == NonEspMarker.Kind.IKE ? NonEspMarker.strip(p) : p;
            out.add(decoder.decode(ike));
        }
        return out;
    }

    private static IsakmpMessage plain(List<IsakmpDatagram> packets, int index) {
        return (IsakmpMessage) packets.stream().filter(IsakmpMessage.class::isInstance).toList().get(index);
    }

    private static EncryptedIsakmpMessage encrypted(List<IsakmpDatagram> packets, ExchangeType type) {
        return packets.stream().filter(EncryptedIsakmpMessage.class::isInstance).map(EncryptedIsakmpMessage.class::cast)
                .filter(e -> e.header().exchangeType() == type).findFirst().orElseThrow();
    }

    private IsakmpMessage decrypt(EncryptedIsakmpMessage m, byte[] key, byte[] iv) throws Exception {
        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return decoder.decodeDecrypted(m, aes.doFinal(m.ciphertext().toByteArray()), 16);
    }

    private static byte[] lastBlock(EncryptedIsakmpMessage m) {
        byte[] c = m.ciphertext().toByteArray();
        return Arrays.copyOfRange(c, c.length - 16, c.length);
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

}
