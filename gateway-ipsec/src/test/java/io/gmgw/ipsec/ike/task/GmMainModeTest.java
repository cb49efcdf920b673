package io.gmgw.ipsec.ike.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.FailureReason;
import io.gmgw.ipsec.ike.config.ChildConfig;
import io.gmgw.ipsec.ike.config.EspProposal;
import io.gmgw.ipsec.ike.config.Phase1Config;
import io.gmgw.ipsec.ike.config.RetransmitPolicy;
import io.gmgw.ipsec.ike.sa.ChildSa;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.isakmp.IpsecAttributes;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Phase1Attributes;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.codec.IsakmpDecoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpEncoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpLimits;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Certificate;
import io.gmgw.ipsec.isakmp.payload.DataAttribute;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.SealedBody;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import io.gmgw.ipsec.isakmp.payload.Signature;
import io.gmgw.ipsec.isakmp.payload.SymmetricKey;
import io.gmgw.ipsec.isakmp.Octets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The GM digital-envelope main mode (ipsec.md §2): our initiator against our responder in memory with SM2 double
 * certificates from gm-crypto's issuer and file-style (software) key handles; quick mode with SM4-CBC + HMAC-SM3
 * over the result; and each refusal with its notify and the authentication event for the audit line.
 */
class GmMainModeTest {
    private static final GmPki PKI = new GmPki("gm-main-mode");
    private static final GmPki.Party LEFT = PKI.party("gw-left");
    private static final GmPki.Party RIGHT = PKI.party("gw-right");
    private final SecureRandom random = new SecureRandom();

    static ChildConfig child(boolean left) {
        return new ChildConfig("net", left ? TestPeers.LEFT_NET : TestPeers.RIGHT_NET, left ? TestPeers.RIGHT_NET
                : TestPeers.LEFT_NET, List.of(EspProposal.sm4CbcHmacSm3(GmPki.profile().requireGm())), 0, 3600, 0,
                RetransmitPolicy.DEFAULT);
    }

    static Wire wire(Phase1Config left, Phase1Config right) {
        return new Wire(IsakmpSession.initiator(left, List.of(child(true)), new SecureRandom()),
                IsakmpSession.responder(right, List.of(child(false)), new SecureRandom()));
    }

    private Wire established(GmPki.Party l, GmPki.Party r) {
        Wire w = wire(PKI.config(true, l, PKI.verifier()), PKI.config(false, r, PKI.verifier()));
        w.run(true, w.left.initiate(GmPki.T0), GmPki.T0);
        assertEquals(1, w.events(true, IkeEvent.IsakmpSaEstablished.class).size(), w.leftEvents::toString);
        assertEquals(1, w.events(false, IkeEvent.IsakmpSaEstablished.class).size(), w.rightEvents::toString);
        return w;
    }

    static void assertSameKeys(IsakmpSa i, IsakmpSa r) {
        assertArrayEquals(i.keys().skeyid(), r.keys().skeyid());
        assertArrayEquals(i.keys().skeyidD(), r.keys().skeyidD());
        assertArrayEquals(i.keys().skeyidA(), r.keys().skeyidA());
        assertArrayEquals(i.keys().skeyidE(), r.keys().skeyidE());
        assertArrayEquals(i.phase1LastBlock(), r.phase1LastBlock());
    }

    /** Main mode, then quick mode with SM4-CBC + HMAC-SM3: the same keys on both sides. */
    static void assertEnvelopeAndQuickMode(Wire w) {
        IsakmpSa i = w.left.establishedSa().orElseThrow();
        IsakmpSa r = w.right.establishedSa().orElseThrow();
        assertEquals(6, w.leftSent.size() + w.rightSent.size(), "main mode is six messages");
        assertSameKeys(i, r);
        assertEquals(Phase1Attributes.ENC_SM4, i.proposal().encryption());
        assertEquals(IsakmpHeader.VERSION_GM, i.version());
        assertEquals(TestPeers.id(TestPeers.RIGHT), i.peerId());
        assertEquals(TestPeers.id(TestPeers.LEFT), r.peerId());
        w.run(true, w.left.startQuickMode(child(true), GmPki.T0), GmPki.T0);
        ChildSa ci = w.events(true, IkeEvent.ChildSaEstablished.class).getFirst().child();
        ChildSa cr = w.events(false, IkeEvent.ChildSaEstablished.class).getFirst().child();
        assertEquals(GmPki.profile().requireGm().espSm4CbcTransformId(), ci.proposal().transformId());
        assertEquals(IpsecAttributes.AUTH_HMAC_SM3, cr.proposal().authAlgorithm());
        assertEquals(ci.outbound().spi(), cr.inbound().spi());
        assertArrayEquals(ci.outbound().encryptionKey(), cr.inbound().encryptionKey());
        assertArrayEquals(ci.outbound().integrityKey(), cr.inbound().integrityKey());
        assertArrayEquals(ci.inbound().encryptionKey(), cr.outbound().encryptionKey());
        assertArrayEquals(ci.inbound().integrityKey(), cr.outbound().integrityKey());
        assertEquals(16, ci.outbound().encryptionKey().length, "SM4 key");
        assertEquals(32, ci.outbound().integrityKey().length, "HMAC-SM3 key");
        assertFalse(ci.pfs());
    }

    @Test
    void theEnvelopeMainModeAndQuickModeAgreeOnEveryKey() {
        Wire w = established(LEFT, RIGHT);
        assertEnvelopeAndQuickMode(w);
        assertTrue(w.events(true, IkeEvent.PeerAuthenticationFailed.class).isEmpty());
    }

    @Test
    void theMessagesHaveTheShapeOfTheStandard() {
        Wire w = established(LEFT, RIGHT);
        IsakmpDecoder d = new IsakmpDecoder(IsakmpLimits.DEFAULT);
        IsakmpMessage m1 = (IsakmpMessage) d.decode(w.leftSent.get(0));
        assertEquals(List.of(PayloadType.SECURITY_ASSOCIATION), types(m1));
        assertEquals(IsakmpHeader.VERSION_GM, m1.header().version());
        List<DataAttribute> attrs = m1.first(SecurityAssociation.class).orElseThrow().proposals().getFirst()
                .transforms().getFirst().attributes();
        assertEquals(List.of(Phase1Attributes.ENCRYPTION_ALGORITHM, Phase1Attributes.HASH_ALGORITHM,
                Phase1Attributes.AUTHENTICATION_METHOD, Phase1Attributes.ASYMMETRIC_ALGORITHM,
                Phase1Attributes.LIFE_TYPE, Phase1Attributes.LIFE_DURATION),
                attrs.stream().map(DataAttribute::type).toList());
        assertEquals(List.of(129L, 20L, 10L, 2L, 1L, 3600L), attrs.stream().map(DataAttribute::longValue).toList());
        IsakmpMessage m2 = (IsakmpMessage) d.decode(w.rightSent.get(0));
        assertEquals(List.of(PayloadType.SECURITY_ASSOCIATION, PayloadType.CERTIFICATE, PayloadType.CERTIFICATE),
                types(m2));
        List<Certificate> certs = m2.all(Certificate.class);
        assertEquals(Certificate.X509_SIGNATURE, certs.get(0).encoding());
        assertArrayEquals(RIGHT.signing().encoded(), certs.get(0).data().toByteArray());
        assertEquals(Certificate.X509_KEY_EXCHANGE, certs.get(1).encoding());
        assertArrayEquals(RIGHT.encryption().encoded(), certs.get(1).data().toByteArray());
        IsakmpMessage m3 = (IsakmpMessage) d.decode(w.leftSent.get(1));
        assertEquals(List.of(PayloadType.SYMMETRIC_KEY, PayloadType.NONCE, PayloadType.IDENTIFICATION,
                PayloadType.CERTIFICATE, PayloadType.CERTIFICATE, PayloadType.SIGNATURE), types(m3));
        assertTrue(m3.payloads().get(1) instanceof SealedBody && m3.payloads().get(2) instanceof SealedBody);
        assertFalse(m3.header().encrypted(), "messages 3 and 4 travel with the encryption flag clear");
        IsakmpMessage m4 = (IsakmpMessage) d.decode(w.rightSent.get(1));
        assertEquals(List.of(PayloadType.SYMMETRIC_KEY, PayloadType.NONCE, PayloadType.IDENTIFICATION,
                PayloadType.SIGNATURE), types(m4));
        assertTrue(d.decode(w.leftSent.get(2)) instanceof EncryptedIsakmpMessage);
        IsakmpSa i = w.left.establishedSa().orElseThrow();
        // message 5 decrypts (under the chain from HASH(Sk_i | Sk_r)) to HASH_I alone
        assertTrue(d.decode(w.rightSent.get(2)) instanceof EncryptedIsakmpMessage);
        assertEquals(32, i.keys().skeyid().length, "HMAC-SM3");
    }

    static List<PayloadType> types(IsakmpMessage m) {
        return m.payloads().stream().map(Payload::type).toList();
    }

    // --- refusals

    private record Failure(IkeEvent.ExchangeFailed failed, IkeEvent.PeerAuthenticationFailed auth,
            List<IkeEvent.NotifyReceived> atPeer) {
    }

    /** Runs an exchange in which message {@code index} from the given side is changed by {@code change}. */
    private Failure refused(boolean refusingLeft, Phase1Config left, Phase1Config right, boolean fromLeft, int index,
            UnaryOperator<IsakmpMessage> change) {
        Wire w = wire(left, right);
        w.drop = (l, i) -> l == fromLeft && i == index;
        w.run(true, w.left.initiate(GmPki.T0), GmPki.T0);
        List<byte[]> sent = fromLeft ? w.leftSent : w.rightSent;
        if (change != null) {
            IsakmpMessage m = (IsakmpMessage) new IsakmpDecoder(IsakmpLimits.DEFAULT).decode(sent.get(index));
            byte[] forged = new IsakmpEncoder().encode(change.apply(m));
            IsakmpSession to = fromLeft ? w.right : w.left;
            w.run(!fromLeft, to.receive(forged, false, GmPki.T0), GmPki.T0);
        }
        assertTrue(w.left.establishedSa().isEmpty() && w.right.establishedSa().isEmpty());
        List<IkeEvent.ExchangeFailed> f = w.events(refusingLeft, IkeEvent.ExchangeFailed.class);
        assertEquals(1, f.size(), () -> (refusingLeft ? w.leftEvents : w.rightEvents).toString());
        List<IkeEvent.PeerAuthenticationFailed> a = w.events(refusingLeft, IkeEvent.PeerAuthenticationFailed.class);
        assertTrue(f.getFirst().sentNotify());
        return new Failure(f.getFirst(), a.isEmpty() ? null : a.getFirst(), w.events(!refusingLeft,
                IkeEvent.NotifyReceived.class));
    }

    private static void assertNotify(Failure f, int notify) {
        assertEquals(notify, f.failed().notifyType(), f.failed()::reason);
        assertEquals(1, f.atPeer().size(), "the peer hears why");
        assertEquals(notify, f.atPeer().getFirst().notification().messageType());
        assertEquals(notify, f.auth().notifyType());
        assertEquals(TestPeers.RIGHT.equals(f.auth().peer()) || TestPeers.LEFT.equals(f.auth().peer()), true);
    }

    private static UnaryOperator<IsakmpMessage> replaceCertificate(int encoding, byte[] der) {
        return m -> new IsakmpMessage(m.header(), m.payloads().stream().map(p -> p instanceof Certificate c
                && c.encoding() == encoding ? (Payload) new Certificate(encoding, Octets.of(der)) : p).toList());
    }

    @Test
    void anEnvelopeToAnotherEncryptionCertificateDoesNotOpen() {
        // message 2 altered on the way: another valid encryption certificate in the responder's name, whose key the
        // responder does not hold; the initiator's envelope is made for it and the responder cannot open it
        Failure f = refused(false, PKI.config(true, LEFT, PKI.verifier()), PKI.config(false, RIGHT, PKI.verifier()),
                false, 0, replaceCertificate(Certificate.X509_KEY_EXCHANGE, PKI.otherEncryptionCertificate(RIGHT)
                        .encoded()));
        assertNotify(f, NotifyType.INVALID_KEY_INFORMATION);
        assertEquals("encryption", f.auth().certificateRole());
        assertTrue(f.failed().reason().contains("does not open"), f.failed().reason());
    }

    @Test
    void aTamperedSignatureIsInvalidSignature() {
        Failure f = refused(false, PKI.config(true, LEFT, PKI.verifier()), PKI.config(false, RIGHT, PKI.verifier()),
                true, 1, m -> {
                    List<Payload> p = new ArrayList<>(m.payloads());
                    byte[] sig = ((Signature) p.getLast()).data().toByteArray();
                    sig[sig.length - 1] ^= 1; // inside s: still DER, another value
                    p.set(p.size() - 1, new Signature(Octets.of(sig)));
                    return new IsakmpMessage(m.header(), p);
                });
        assertNotify(f, NotifyType.INVALID_SIGNATURE);
        assertEquals(LEFT.signing().subject().toString(), f.auth().certificateSubject());
        assertEquals(LEFT.signing().serialHex(), f.auth().certificateSerial());
    }

    @Test
    void anExpiredResponderCertificateIsRefusedByTheInitiator() {
        GmPki.Party old = PKI.expired("gw-old");
        Failure f = refused(true, PKI.config(true, LEFT, PKI.verifier()), PKI.config(false, old, PKI.verifier()),
                false, -1, null);
        assertNotify(f, NotifyType.INVALID_CERTIFICATE);
        assertEquals(FailureReason.EXPIRED, f.auth().certificateProblem());
        assertEquals("signing", f.auth().certificateRole());
    }

    @Test
    void aRevokedInitiatorCertificateIsRefusedByTheResponder() {
        CertificateVerifier withCrl = PKI.verifier(PKI.crlRevoking(LEFT.signing()));
        Failure f = refused(false, PKI.config(true, LEFT, PKI.verifier()), PKI.config(false, RIGHT, withCrl),
                false, -1, null);
        assertNotify(f, NotifyType.INVALID_CERTIFICATE);
        assertEquals(FailureReason.REVOKED, f.auth().certificateProblem());
        assertEquals(LEFT.signing().serialHex(), f.auth().certificateSerial());
    }

    @Test
    void anEncryptionCertificateWithSigningUsageIsRefused() {
        Failure f = refused(true, PKI.config(true, LEFT, PKI.verifier()), PKI.config(false, RIGHT, PKI.verifier()),
                false, 0, replaceCertificate(Certificate.X509_KEY_EXCHANGE, PKI.signingUsageFor(RIGHT).encoded()));
        assertNotify(f, NotifyType.INVALID_CERTIFICATE);
        assertEquals(FailureReason.WRONG_KEY_USAGE, f.auth().certificateProblem());
        assertEquals("encryption", f.auth().certificateRole());
    }

    @Test
    void aMissingCertificateIsCertificateUnavailable() {
        Failure f = refused(true, PKI.config(true, LEFT, PKI.verifier()), PKI.config(false, RIGHT, PKI.verifier()),
                false, 0, m -> new IsakmpMessage(m.header(), m.payloads().stream()
                        .filter(p -> !(p instanceof Certificate c && c.encoding() == Certificate.X509_SIGNATURE))
                        .toList()));
        assertNotify(f, NotifyType.CERTIFICATE_UNAVAILABLE);
        assertNull(f.auth().certificateProblem());
    }

    @Test
    void aCertificateFromAnotherPkiIsInvalidCertAuthority() {
        GmPki other = new GmPki("another-pki");
        GmPki.Party stranger = other.party("gw-right");
        Failure f = refused(true, PKI.config(true, LEFT, PKI.verifier()), other.config(false, stranger,
                other.verifier()), false, -1, null);
        assertNotify(f, NotifyType.INVALID_CERT_AUTHORITY);
        assertEquals(FailureReason.UNKNOWN_CA, f.auth().certificateProblem());
    }

    @Test
    void theEnvelopeCiphertextIsAProfileSetting() {
        // both sides on a profile with raw C1C3C2 envelopes, raw r||s signatures over the payload bodies, ECB bodies,
        // another signer id and the encoding byte in CERT_enc_b still agree
        io.gmgw.ipsec.profile.WireProfile base = GmPki.profile();
        var g = base.requireGm();
        var raw = new io.gmgw.ipsec.profile.WireProfile("gm-raw", "raw encodings", base.isakmpVersion(),
                java.util.Optional.of(new io.gmgw.ipsec.profile.GmWireNumbers(g.espSm4CbcTransformId(),
                        g.espSm4GcmTransformId(), g.hmacSm3IcvBits(),
                        io.gmgw.crypto.sm2.Sm2CiphertextFormat.RAW_C1C3C2,
                        io.gmgw.ipsec.profile.SignatureEncoding.RAW_R_S, "gw@gmgw.test",
                        io.gmgw.ipsec.profile.XchBodyCipher.SM4_ECB, true,
                        io.gmgw.ipsec.profile.SignedValues.PAYLOAD_BODIES)), base.quickModeHash());
        Wire w = wire(PKI.config(true, LEFT, PKI.verifier(), raw), PKI.config(false, RIGHT, PKI.verifier(), raw));
        w.run(true, w.left.initiate(GmPki.T0), GmPki.T0);
        assertSameKeys(w.left.establishedSa().orElseThrow(), w.right.establishedSa().orElseThrow());
        IsakmpMessage m3 = (IsakmpMessage) new IsakmpDecoder(IsakmpLimits.DEFAULT).decode(w.leftSent.get(1));
        byte[] envelope = m3.first(SymmetricKey.class).orElseThrow().ciphertext().toByteArray();
        assertEquals(0x04, envelope[0], "raw C1 starts with the uncompressed point");
        assertEquals(65 + 32 + 16, envelope.length);
        assertEquals(64, m3.first(Signature.class).orElseThrow().data().length());
        // and a peer on the other encoding cannot open it
        Failure f = refused(false, PKI.config(true, LEFT, PKI.verifier(), raw), PKI.config(false, RIGHT,
                PKI.verifier()), false, -1, null);
        assertEquals(NotifyType.INVALID_KEY_INFORMATION, f.failed().notifyType());
    }

    @Test
    void signingThePayloadBodiesOrThePlaintextIsAProfileSetting() {
        io.gmgw.ipsec.profile.WireProfile base = GmPki.profile();
        var g = base.requireGm();
        var bodies = new io.gmgw.ipsec.profile.WireProfile("gm-bodies", "signs payload bodies", base.isakmpVersion(),
                java.util.Optional.of(new io.gmgw.ipsec.profile.GmWireNumbers(g.espSm4CbcTransformId(),
                        g.espSm4GcmTransformId(), g.hmacSm3IcvBits(), g.skCiphertext(), g.signature(), g.signerId(),
                        g.xchBodyCipher(), g.certBodyIncludesEncoding(),
                        io.gmgw.ipsec.profile.SignedValues.PAYLOAD_BODIES)), base.quickModeHash());
        Failure f = refused(false, PKI.config(true, LEFT, PKI.verifier(), bodies), PKI.config(false, RIGHT,
                PKI.verifier()), false, -1, null);
        assertNotify(f, NotifyType.INVALID_SIGNATURE);
    }
}
