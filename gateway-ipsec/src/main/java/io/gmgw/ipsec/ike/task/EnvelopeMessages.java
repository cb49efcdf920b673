package io.gmgw.ipsec.ike.task;

import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.sm2.Sm2Signatures;
import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.ike.config.EnvelopeCredentials;
import io.gmgw.ipsec.ike.crypto.IsakmpCipher;
import io.gmgw.ipsec.ike.crypto.SealedBodyCipher;
import io.gmgw.ipsec.ike.keys.Phase1KeySchedule;
import io.gmgw.ipsec.ike.keys.Phase1Keys;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.codec.IsakmpFormatException;
import io.gmgw.ipsec.isakmp.codec.PayloadBodyDecoder;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Certificate;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.SealedBody;
import io.gmgw.ipsec.isakmp.payload.Signature;
import io.gmgw.ipsec.isakmp.payload.SymmetricKey;
import io.gmgw.ipsec.profile.GmWireNumbers;
import io.gmgw.ipsec.profile.SignatureEncoding;
import io.gmgw.ipsec.profile.SignedValues;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The GM digital-envelope main mode (GB/T 36968 / GM/T 0022 phase 1, auth method 10; ipsec.md §2):
 * <pre>
 * 1 I→R  SA
 * 2 R→I  SA, CERT(4: sig_r), CERT(5: enc_r)
 * 3 I→R  SK(SM2-encrypt(Sk_i, enc_r)), NONCE(Ni under Sk_i), ID(IDi under Sk_i), CERT(4: sig_i), CERT(5: enc_i),
 *        SIG(sig_i over Sk_i | Ni | IDi_b | CERT_enc_i)
 * 4 R→I  SK(SM2-encrypt(Sk_r, enc_i)), NONCE(Nr under Sk_r), ID(IDr under Sk_r), SIG(sig_r over Sk_r | Nr | IDr_b |
 *        CERT_enc_r)
 * 5 I→R  HASH_I under SKEYID_e, IV = SM3(Sk_i | Sk_r);   6 R→I  HASH_R, IV chained
 * </pre>
 * The envelope's ciphertext encoding, the signature's encoding and signer id, the sealed bodies' cipher and whether
 * CERT_enc in the signature starts with its encoding byte come from the wire profile, and so does what "_b" means in
 * the signature (ipsec.md §2 [?]: {@code sig.signed-values}, the plaintext values or the payload bodies as they
 * travel). SKEYID hashes the plaintext nonces (ipsec.md §4; from the public bodies it would be no secret) and the first
 * IV of messages 5/6 hashes the plaintext Sk_i | Sk_r ({@link #deriveKeys}, the one place to change should a vendor
 * gateway show otherwise).
 *
 * <p>Private keys are used only through their handles: the responder's and initiator's signatures and the opening of
 * the peer's envelope. A token's operation may take milliseconds; the task calls it synchronously (it stays sans-I/O:
 * no socket, thread or clock). An asynchronous seam, should an SA manager on an event loop need one, goes around
 * {@link #third}, {@link #fourth} and {@link #readFourth}: they are the only calls that touch a key handle.
 */
final class EnvelopeMessages implements MainModeMessages {
    /** Sk is an SM4 key (ipsec.md §2). */
    static final int SK_LENGTH = 16;

    private final MainModeState s;
    private final EnvelopeCredentials own;
    private final GmWireNumbers gm;
    private final SealedBodyCipher bodies;
    private final byte[] signerId;
    private PeerCertificates peer;
    private byte[] skI;
    private byte[] skR;
    private byte[] ni;
    private byte[] nr;
    private Identification peerId;

    EnvelopeMessages(MainModeState s) {
        this.s = s;
        this.own = s.config.envelope().orElseThrow();
        this.gm = s.config.profile().requireGm();
        this.bodies = new SealedBodyCipher(own.module().sm4(), gm.xchBodyCipher());
        this.signerId = gm.signerId().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public List<Payload> afterFirstSa() {
        return List.of();
    }

    /** ipsec.md §2: the responder sends both its certificates already in message 2. */
    @Override
    public List<Payload> afterSecondSa() {
        return ownCertificates();
    }

    @Override
    public void readSecond(IsakmpMessage m, Instant now) {
        peer = PeerCertificates.verify(m, own.peerVerifier(), now);
    }

    @Override
    public List<Payload> third(Instant now) {
        skI = sk();
        ni = s.nonce();
        List<Payload> p = exchange(skI, ni);
        p.addAll(p.size() - 1, ownCertificates()); // XCH_i ends with both certificates, SIG_i follows
        return p;
    }

    @Override
    public List<Payload> fourth(IsakmpMessage m, Instant now) {
        peer = PeerCertificates.verify(m, own.peerVerifier(), now);
        skI = openEnvelope(m);
        ni = unseal(m, skI, PayloadType.NONCE);
        peerId = identity(unseal(m, skI, PayloadType.IDENTIFICATION));
        checkSignature(m, skI, ni, peerId);
        s.checkPeerId(peerId);
        skR = sk();
        nr = s.nonce();
        List<Payload> p = exchange(skR, nr);
        deriveKeys();
        return p;
    }

    @Override
    public void readFourth(IsakmpMessage m, Instant now) {
        skR = openEnvelope(m);
        nr = unseal(m, skR, PayloadType.NONCE);
        peerId = identity(unseal(m, skR, PayloadType.IDENTIFICATION));
        checkSignature(m, skR, nr, peerId);
        s.checkPeerId(peerId);
        deriveKeys();
    }

    @Override
    public boolean identitiesInFinalMessages() {
        return false;
    }

    @Override
    public Identification peerIdentity() {
        return peerId;
    }

    @Override
    public byte[] hashedInitiatorValue() {
        return new byte[0];
    }

    @Override
    public byte[] hashedResponderValue() {
        return new byte[0];
    }

    @Override
    public String hashMismatchHint() {
        return "the two sides derived different keys (another quick-mode or XCH setting in the peer's wire profile?)";
    }

    @Override
    public void wipe() {
        for (byte[] b : new byte[][] {skI, skR, ni, nr}) {
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }

    /** SK, NONCE and ID sealed under {@code sk}, and SIG over them (the signer's own encryption certificate). */
    private List<Payload> exchange(byte[] sk, byte[] nonce) {
        byte[] envelope;
        try {
            envelope = own.module().sm2().encrypt(peer.encryption().publicKey(), sk, gm.skCiphertext());
        } catch (RuntimeException e) {
            throw new IkeNotifyException(0, "cannot make the digital envelope to " + peer.encryption() + ": "
                    + e.getMessage());
        }
        byte[] idB = s.encoder.body(s.config.localId());
        byte[] sealedNonce = bodies.seal(sk, nonce);
        byte[] sealedId = bodies.seal(sk, idB);
        List<Payload> p = new ArrayList<>();
        p.add(new SymmetricKey(Octets.of(envelope)));
        p.add(new SealedBody(PayloadType.NONCE, Octets.of(sealedNonce)));
        p.add(new SealedBody(PayloadType.IDENTIFICATION, Octets.of(sealedId)));
        byte[] signed = gm.signedValues() == SignedValues.PLAINTEXT
                ? signedBytes(sk, nonce, idB, own.encryptionCertificate().encoded())
                : signedBytes(envelope, sealedNonce, sealedId, own.encryptionCertificate().encoded());
        byte[] der;
        try {
            der = own.signingKey().sign(signed, signerId);
        } catch (RuntimeException e) {
            // our key failed (a token pulled out, a locked PIN): nothing the peer did, so no notify
            throw new IkeNotifyException(0, "our signing key " + own.signingKey().description() + " failed: "
                    + e.getMessage());
        }
        p.add(new Signature(Octets.of(gm.signature() == SignatureEncoding.RAW_R_S ? Sm2Signatures.derToRaw(der)
                : der)));
        return p;
    }

    /**
     * What SIG_i/SIG_r cover: Sk_b | N_b | ID_b | CERT_enc_b (ipsec.md §2), the first three as the profile's
     * {@code sig.signed-values} says, CERT_enc_b with or without its encoding byte as it says.
     */
    private byte[] signedBytes(byte[] sk, byte[] nonce, byte[] idB, byte[] encCertDer) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(sk);
        out.writeBytes(nonce);
        out.writeBytes(idB);
        if (gm.certBodyIncludesEncoding()) {
            out.write(Certificate.X509_KEY_EXCHANGE);
        }
        out.writeBytes(encCertDer);
        return out.toByteArray();
    }

    private void checkSignature(IsakmpMessage m, byte[] sk, byte[] nonce, Identification id) {
        byte[] sig = MainModeState.require(m, Signature.class, "SIG").data().toByteArray();
        byte[] signed = gm.signedValues() == SignedValues.PLAINTEXT
                ? signedBytes(sk, nonce, s.encoder.body(id), peer.encryption().encoded())
                : signedBytes(MainModeState.require(m, SymmetricKey.class, "SK").ciphertext().toByteArray(),
                        sealed(m, PayloadType.NONCE).ciphertext().toByteArray(),
                        sealed(m, PayloadType.IDENTIFICATION).ciphertext().toByteArray(), peer.encryption().encoded());
        boolean ok;
        try {
            byte[] der = gm.signature() == SignatureEncoding.RAW_R_S ? Sm2Signatures.rawToDer(sig) : sig;
            ok = own.module().sm2().verify(peer.signing().publicKey(), signed, der, signerId);
        } catch (MalformedEncodingException e) {
            ok = false;
        }
        if (!ok) {
            throw new PeerAuthenticationException(NotifyType.INVALID_SIGNATURE, "the SM2 signature of "
                    + s.config.remote() + " over its Sk, nonce, ID and encryption certificate does not verify with "
                    + peer.signing() + " (signer id '" + gm.signerId() + "', " + gm.signature() + ")", "signing",
                    peer.signing(), null);
        }
        if (id.idType() == Identification.DER_ASN1_DN && !Arrays.equals(id.data().toByteArray(), derName())) {
            throw new PeerAuthenticationException(NotifyType.AUTHENTICATION_FAILED, "the peer identifies as a "
                    + "distinguished name that is not its signing certificate's subject " + peer.signing().subject(),
                    "signing", peer.signing(), null);
        }
    }

    private byte[] derName() {
        try {
            return peer.signing().subject().getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens the peer's envelope with our encryption key: the SM2 decryption of SK. */
    private byte[] openEnvelope(IsakmpMessage m) {
        byte[] ct = MainModeState.require(m, SymmetricKey.class, "SK").ciphertext().toByteArray();
        byte[] sk;
        try {
            sk = own.encryptionKey().decrypt(ct, gm.skCiphertext());
        } catch (BadCiphertextException | MalformedEncodingException e) {
            throw new PeerAuthenticationException(NotifyType.INVALID_KEY_INFORMATION, "the digital envelope from "
                    + s.config.remote() + " does not open with our encryption key (" + own.encryptionCertificate()
                    + "): made for another certificate, another sk.sm2-ciphertext than " + gm.skCiphertext()
                    + ", or altered", "encryption", own.encryptionCertificate(), null);
        } catch (RuntimeException e) {
            throw new IkeNotifyException(0, "our encryption key " + own.encryptionKey().description()
                    + " failed: " + e.getMessage());
        }
        if (sk.length != SK_LENGTH) {
            Arrays.fill(sk, (byte) 0);
            throw new IkeNotifyException(NotifyType.INVALID_KEY_INFORMATION, "the envelope holds a " + sk.length
                    + "-byte key; Sk is a 16-byte SM4 key");
        }
        return sk;
    }

    private byte[] unseal(IsakmpMessage m, byte[] sk, PayloadType type) {
        return bodies.open(sk, sealed(m, type).ciphertext().toByteArray(), type.toString());
    }

    private static SealedBody sealed(IsakmpMessage m, PayloadType type) {
        return m.all(SealedBody.class).stream().filter(x -> x.type() == type).findFirst()
                .orElseThrow(() -> new IkeNotifyException(NotifyType.PAYLOAD_MALFORMED, "main mode message without "
                        + "its sealed " + type + " payload"));
    }

    private Identification identity(byte[] body) {
        try {
            return (Identification) new PayloadBodyDecoder(s.limits).decode(PayloadType.IDENTIFICATION, body);
        } catch (IsakmpFormatException e) {
            throw new IkeNotifyException(e.notifyType(), "the sealed ID: " + e.getMessage());
        }
    }

    private void deriveKeys() {
        Phase1KeySchedule p1 = s.schedule();
        byte[] ckyI = MainModeState.u64(s.ckyI);
        byte[] ckyR = MainModeState.u64(s.ckyR);
        // ipsec.md §4: SKEYID = prf(HASH(Ni_b | Nr_b), CKY-I | CKY-R), no g^xy anywhere; IV = HASH(Sk_i | Sk_r)
        Phase1Keys keys = p1.derive(p1.skeyidFromNonces(ni, nr, ckyI, ckyR), new byte[0], ckyI, ckyR);
        byte[] ka = p1.encryptionKey(keys.skeyidE(), s.chosen.keyBytes());
        IsakmpCipher cipher = IsakmpCipher.sm4(own.module().sm4(), ka);
        Arrays.fill(ka, (byte) 0);
        s.install(keys, cipher, p1.initialIv(skI, skR, s.chosen.blockSize()));
    }

    private List<Payload> ownCertificates() {
        return List.of(new Certificate(Certificate.X509_SIGNATURE, Octets.of(own.signingCertificate().encoded())),
                new Certificate(Certificate.X509_KEY_EXCHANGE, Octets.of(own.encryptionCertificate().encoded())));
    }

    private byte[] sk() {
        byte[] k = new byte[SK_LENGTH];
        s.random.nextBytes(k);
        return k;
    }
}
