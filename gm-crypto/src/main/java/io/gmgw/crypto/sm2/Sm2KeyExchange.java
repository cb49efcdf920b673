package io.gmgw.crypto.sm2;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.GmCryptoException;
import io.gmgw.crypto.InvalidKeyMaterialException;
import java.security.MessageDigest;
import java.util.Objects;
import org.bouncycastle.crypto.agreement.SM2KeyExchange;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.SM2KeyExchangePrivateParameters;
import org.bouncycastle.crypto.params.SM2KeyExchangePublicParameters;

/**
 * One run of the SM2 key exchange protocol (GB/T 32918.3-2016 §6.1) for one party: A is the initiator, B the
 * responder. Each side sends its ephemeral public key R; B may add its confirmation S_B (hash prefix 0x02), which A
 * checks before answering with S_A (prefix 0x03). Single use: the ephemeral private key is wiped once the shared key
 * is computed.
 */
public final class Sm2KeyExchange {
    /** The party's role in GB/T 32918.3: A starts, B answers. (TLCP: the server is A, the client B.) */
    public enum Role {
        INITIATOR, RESPONDER
    }

    /** What the responder holds after computing the key: its S_B to send, and the S_A it expects back. */
    public static final class ResponderResult {
        private final byte[] key;
        private final byte[] confirmation;
        private final byte[] expectedInitiatorConfirmation;

        private ResponderResult(byte[] key, byte[] confirmation, byte[] expectedInitiatorConfirmation) {
            this.key = key;
            this.confirmation = confirmation;
            this.expectedInitiatorConfirmation = expectedInitiatorConfirmation;
        }

        public byte[] key() {
            return key.clone();
        }

        /** S_B, sent to the initiator with R_B. */
        public byte[] confirmation() {
            return confirmation.clone();
        }

        /** Checks the initiator's S_A (constant time); throws {@link KeyConfirmationException} when it differs. */
        public void verifyInitiatorConfirmation(byte[] sA) {
            if (!MessageDigest.isEqual(expectedInitiatorConfirmation, sA)) {
                throw new KeyConfirmationException("the initiator's key confirmation S_A does not match: "
                        + "the two sides did not derive the same key");
            }
        }
    }

    /** What the initiator holds after checking S_B: the key and its S_A to send. */
    public record InitiatorResult(byte[] key, byte[] confirmation) {
    }

    /** The peer's confirmation value did not match: the exchange must be abandoned. */
    public static final class KeyConfirmationException extends GmCryptoException {
        private static final long serialVersionUID = 1L;

        public KeyConfirmationException(String message) {
            super(message);
        }
    }

    private final CryptoModule module;
    private final Role role;
    private final Sm2PrivateKey staticKey;
    private final byte[] ownId;
    private final Sm2PrivateKey ephemeralKey;
    private final Sm2PublicKey ephemeralPublicKey;
    private boolean used;

    Sm2KeyExchange(CryptoModule module, Role role, Sm2PrivateKey staticKey, byte[] ownId, Sm2PrivateKey ephemeralKey) {
        Sm2.checkUserId(ownId);
        if (staticKey.domain() != ephemeralKey.domain()) {
            throw new IllegalArgumentException("static and ephemeral keys are on different curves");
        }
        this.module = module;
        this.role = Objects.requireNonNull(role, "role");
        this.staticKey = staticKey;
        this.ownId = ownId.clone();
        this.ephemeralKey = ephemeralKey;
        this.ephemeralPublicKey = ephemeralKey.publicKey();
    }

    public Role role() {
        return role;
    }

    /** R = r·G, sent to the peer. */
    public Sm2PublicKey ephemeralPublicKey() {
        return ephemeralPublicKey;
    }

    /** The shared key K of {@code keyLength} bytes, without confirmation (what TLCP's ECDHE suites use). */
    public byte[] agree(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId, int keyLength) {
        SM2KeyExchange exchange = start(peerStatic, peerEphemeral, peerId, keyLength);
        try {
            return exchange.calculateKey(keyLength * 8, peerParameters(peerStatic, peerEphemeral, peerId));
        } catch (IllegalStateException e) {
            throw new InvalidKeyMaterialException("SM2 key exchange failed: " + e.getMessage(), e);
        } finally {
            ephemeralKey.destroy();
        }
    }

    /** Responder B: the key, S_B to send and the S_A expected from A (GB/T 32918.3 §6.1 B8–B10). */
    public ResponderResult respondWithConfirmation(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral,
            byte[] peerId, int keyLength) {
        requireRole(Role.RESPONDER);
        SM2KeyExchange exchange = start(peerStatic, peerEphemeral, peerId, keyLength);
        try {
            byte[][] r = exchange.calculateKeyWithConfirmation(keyLength * 8, null,
                    peerParameters(peerStatic, peerEphemeral, peerId));
            return new ResponderResult(r[0], r[1], r[2]);
        } catch (IllegalStateException e) {
            throw new InvalidKeyMaterialException("SM2 key exchange failed: " + e.getMessage(), e);
        } finally {
            ephemeralKey.destroy();
        }
    }

    /** Initiator A: checks B's S_B, then returns the key and S_A (GB/T 32918.3 §6.1 A8–A10). */
    public InitiatorResult initiateWithConfirmation(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral,
            byte[] peerId, int keyLength, byte[] sB) {
        requireRole(Role.INITIATOR);
        Objects.requireNonNull(sB, "sB");
        SM2KeyExchange exchange = start(peerStatic, peerEphemeral, peerId, keyLength);
        try {
            byte[][] r = exchange.calculateKeyWithConfirmation(keyLength * 8, sB,
                    peerParameters(peerStatic, peerEphemeral, peerId));
            return new InitiatorResult(r[0], r[1]);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("confirmation")) {
                throw new KeyConfirmationException("the responder's key confirmation S_B does not match: "
                        + "the two sides did not derive the same key");
            }
            throw new InvalidKeyMaterialException("SM2 key exchange failed: " + e.getMessage(), e);
        } finally {
            ephemeralKey.destroy();
        }
    }

    private SM2KeyExchange start(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId, int keyLength) {
        module.check();
        Sm2.checkUserId(peerId);
        if (keyLength <= 0) {
            throw new IllegalArgumentException("key length must be positive: " + keyLength);
        }
        if (peerStatic.domain() != staticKey.domain() || peerEphemeral.domain() != staticKey.domain()) {
            throw new InvalidKeyMaterialException("peer keys are not on " + staticKey.domain().name());
        }
        synchronized (this) {
            if (used) {
                throw new IllegalStateException("an SM2 key exchange is single use; start a new one");
            }
            used = true;
        }
        SM2KeyExchange exchange = new SM2KeyExchange();
        exchange.init(new ParametersWithID(new SM2KeyExchangePrivateParameters(role == Role.INITIATOR,
                staticKey.toBc(), ephemeralKey.toBc()), ownId));
        return exchange;
    }

    private static ParametersWithID peerParameters(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId) {
        return new ParametersWithID(new SM2KeyExchangePublicParameters(peerStatic.toBc(), peerEphemeral.toBc()),
                peerId);
    }

    private void requireRole(Role expected) {
        if (role != expected) {
            throw new IllegalStateException("this exchange was started as " + role + ", not " + expected);
        }
    }
}
