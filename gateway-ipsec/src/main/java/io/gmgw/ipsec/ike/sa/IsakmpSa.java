package io.gmgw.ipsec.ike.sa;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.ike.config.Phase1Proposal;
import io.gmgw.ipsec.ike.crypto.IsakmpCipher;
import io.gmgw.ipsec.ike.keys.IkePrf;
import io.gmgw.ipsec.ike.keys.Phase1Keys;
import io.gmgw.ipsec.ike.keys.Phase2KeySchedule;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.codec.IsakmpDecoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpEncoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpFormatException;
import io.gmgw.ipsec.isakmp.codec.IsakmpLimits;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.profile.QuickModeHashInput;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * An ISAKMP (phase 1) SA once main mode has derived its keys: the cookies, the chosen proposal with its lifetime,
 * SKEYID_d/a/e, the cipher and the last CBC block of phase 1 (RFC 2409 appendix B: every phase-2 and informational
 * exchange starts its IV chain from it), both identities, whether NAT-T was negotiated and a NAT seen, and when it was
 * established and expires. Main mode fills it in as it goes; {@link #established()} says when it is usable.
 * {@link #destroy()} wipes the keys.
 */
public final class IsakmpSa implements Destroyable {
    private final boolean initiator;
    private final long initiatorCookie;
    private final long responderCookie;
    private final int version;
    private final Phase1Proposal proposal;
    private final IkePrf prf;
    private final Phase1Keys keys;
    private final IsakmpCipher cipher;
    private final IsakmpEncoder encoder = new IsakmpEncoder();
    private final IsakmpDecoder decoder;
    private final QuickModeHashInput quickModeHash;
    private byte[] phase1LastBlock;
    private Identification localId;
    private Identification peerId;
    private boolean natTraversal;
    private boolean natDetected;
    private Instant establishedAt;

    /** {@code prf} is the proposal's PRF, given because HMAC-SM3 needs gm-crypto's module (Phase1Config.prf). */
    public IsakmpSa(boolean initiator, long initiatorCookie, long responderCookie, int version, Phase1Proposal proposal,
            IkePrf prf, Phase1Keys keys, IsakmpCipher cipher, QuickModeHashInput quickModeHash, IsakmpLimits limits) {
        this.quickModeHash = Objects.requireNonNull(quickModeHash, "quickModeHash");
        this.initiator = initiator;
        this.initiatorCookie = initiatorCookie;
        this.responderCookie = responderCookie;
        this.version = version;
        this.proposal = Objects.requireNonNull(proposal, "proposal");
        this.prf = Objects.requireNonNull(prf, "prf");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.decoder = new IsakmpDecoder(limits);
    }

    public boolean initiator() {
        return initiator;
    }

    public long initiatorCookie() {
        return initiatorCookie;
    }

    public long responderCookie() {
        return responderCookie;
    }

    /** CKY-I | CKY-R: the 16-byte SPI of the ISAKMP SA in notify and delete payloads (RFC 2408 §3.14, §3.15). */
    public Octets spi() {
        return Octets.of(ByteBuffer.allocate(16).putLong(initiatorCookie).putLong(responderCookie).array());
    }

    public int version() {
        return version;
    }

    public Phase1Proposal proposal() {
        return proposal;
    }

    public IkePrf prf() {
        return prf;
    }

    public Phase1Keys keys() {
        return keys;
    }

    /** What quick mode's HASH(1)/HASH(2) cover, from the wire profile. */
    public QuickModeHashInput quickModeHash() {
        return quickModeHash;
    }

    public Phase2KeySchedule phase2() {
        return new Phase2KeySchedule(prf);
    }

    public int blockSize() {
        return cipher.blockSize();
    }

    /** The last ciphertext block of main mode's message 6, the base of every phase-2 IV. */
    public byte[] phase1LastBlock() {
        if (phase1LastBlock == null) {
            throw new IllegalStateException("main mode has not finished");
        }
        return phase1LastBlock.clone();
    }

    public Identification localId() {
        return localId;
    }

    public Identification peerId() {
        return peerId;
    }

    public boolean natTraversal() {
        return natTraversal;
    }

    public boolean natDetected() {
        return natDetected;
    }

    public boolean established() {
        return establishedAt != null;
    }

    public Instant establishedAt() {
        return establishedAt;
    }

    public Instant expiresAt() {
        return establishedAt.plusSeconds(proposal.lifetimeSeconds());
    }

    /** Main mode's last step: the final IV base, both identities, NAT state and the time. */
    public void establish(byte[] lastBlock, Identification local, Identification peer, boolean natT, boolean nat,
            Instant now) {
        this.phase1LastBlock = lastBlock.clone();
        this.localId = local;
        this.peerId = peer;
        this.natTraversal = natT;
        this.natDetected = nat;
        this.establishedAt = now;
    }

    /** Encrypts {@code payloads} under {@code header} (flag E set here) with {@code iv}; the datagram's bytes. */
    public byte[] seal(IsakmpHeader header, List<Payload> payloads, byte[] iv) {
        IsakmpHeader h = new IsakmpHeader(header.initiatorCookie(), header.responderCookie(),
                payloads.getFirst().type(), header.version(), header.exchangeType(),
                header.flags() | IsakmpHeader.FLAG_ENCRYPTION, header.messageId());
        byte[] plain = encoder.encodePayloads(payloads);
        byte[] ct = cipher.encrypt(plain, iv);
        Arrays.fill(plain, (byte) 0);
        return encoder.encode(new EncryptedIsakmpMessage(h, Octets.of(ct)));
    }

    /** Decrypts and decodes; a body that does not parse is the codec's notify (often a wrong key: INVALID-PAYLOAD). */
    public IsakmpMessage open(EncryptedIsakmpMessage message, byte[] iv) {
        byte[] plain = cipher.decrypt(message.ciphertext().toByteArray(), iv);
        try {
            return decoder.decodeDecrypted(message, plain, cipher.blockSize());
        } catch (IsakmpFormatException e) {
            throw new IkeNotifyException(e.notifyType(), "encrypted " + message.header().exchangeType()
                    + " message does not decrypt to valid payloads (wrong key or IV, or malformed): " + e.getMessage());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The IV for the message after {@code ciphertext} in the same chain. */
    public static byte[] nextIv(EncryptedIsakmpMessage message, int blockSize) {
        byte[] c = message.ciphertext().toByteArray();
        return Arrays.copyOfRange(c, c.length - blockSize, c.length);
    }

    /** The IV after a datagram we sealed (its last block). */
    public byte[] nextIv(byte[] datagram) {
        return Arrays.copyOfRange(datagram, datagram.length - cipher.blockSize(), datagram.length);
    }

    /** Whether a notify/delete SPI names this SA. */
    public boolean isSpi(Octets spi) {
        return spi.equals(spi());
    }

    @Override
    public void destroy() {
        keys.destroy();
        cipher.destroy();
        if (phase1LastBlock != null) {
            Arrays.fill(phase1LastBlock, (byte) 0);
        }
    }

    @Override
    public boolean isDestroyed() {
        return keys.isDestroyed();
    }

    @Override
    public String toString() {
        return "IsakmpSa[" + Long.toHexString(initiatorCookie) + "_i " + Long.toHexString(responderCookie) + "_r, "
                + (initiator ? "initiator" : "responder") + ", " + proposal + "]";
    }

}
