package io.gmgw.crypto.sm2;

import io.gmgw.crypto.core.GmCryptoException;
import java.security.MessageDigest;

/**
 * One run of the SM2 key exchange protocol (GB/T 32918.3-2016 §6.1) for one party: A is the initiator, B the
 * responder. Each side sends its ephemeral public key R; B may add its confirmation S_B (hash prefix 0x02), which A
 * checks before answering with S_A (prefix 0x03). An exchange is single use.
 *
 * <p>Software keys run it through {@link Sm2#keyExchange}; token keys through their key handle, with a vendor
 * mechanism, because no standard PKCS#11 mechanism computes with the static private scalar as SM2 needs.
 */
public interface Sm2KeyExchange {
    /** The party's role in GB/T 32918.3: A starts, B answers. (In TLCP's ECDHE suites the server is A, the client B.) */
    enum Role {
        INITIATOR, RESPONDER
    }

    Role role();

    /** R = r·G, sent to the peer. */
    Sm2PublicKey ephemeralPublicKey();

    /** The shared key K of {@code keyLength} bytes, without confirmation (what TLCP's ECDHE suites use). */
    byte[] agree(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId, int keyLength);

    /** Responder B: the key, S_B to send and the S_A expected from A (GB/T 32918.3 §6.1 B8–B10). */
    ResponderResult respondWithConfirmation(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId,
            int keyLength);

    /**
     * Initiator A: checks B's S_B, then returns the key and S_A (GB/T 32918.3 §6.1 A8–A10); throws
     * {@link KeyConfirmationException} when S_B does not match.
     */
    InitiatorResult initiateWithConfirmation(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId,
            int keyLength, byte[] sB);

    /** What the responder holds after computing the key: its S_B to send, and the S_A it expects back. */
    record ResponderResult(byte[] key, byte[] confirmation, byte[] expectedInitiatorConfirmation) {
        /** Checks the initiator's S_A (constant time); throws {@link KeyConfirmationException} when it differs. */
        public void verifyInitiatorConfirmation(byte[] sA) {
            if (!MessageDigest.isEqual(expectedInitiatorConfirmation, sA)) {
                throw new KeyConfirmationException("the initiator's key confirmation S_A does not match: "
                        + "the two sides did not derive the same key");
            }
        }
    }

    /** What the initiator holds after checking S_B: the key and its S_A to send. */
    record InitiatorResult(byte[] key, byte[] confirmation) {
    }

    /** The peer's confirmation value did not match: the exchange must be abandoned. */
    final class KeyConfirmationException extends GmCryptoException {
        private static final long serialVersionUID = 1L;

        public KeyConfirmationException(String message) {
            super(message);
        }
    }
}
