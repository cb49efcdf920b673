package io.gmgw.crypto.sm2;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.InvalidKeyMaterialException;
import java.util.Objects;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.SM2KeyExchangePrivateParameters;
import org.bouncycastle.crypto.params.SM2KeyExchangePublicParameters;

/**
 * The key exchange with a software private key, on Bouncy Castle's {@code SM2KeyExchange} (whose secret combination
 * t·(P + x̄·R) is computed with its constant-time multiplier). Single use: the ephemeral private key is wiped once
 * the shared key is computed.
 */
final class SoftwareSm2KeyExchange implements Sm2KeyExchange {
    private final CryptoModule module;
    private final Role role;
    private final Sm2PrivateKey staticKey;
    private final byte[] ownId;
    private final Sm2PrivateKey ephemeralKey;
    private final Sm2PublicKey ephemeralPublicKey;
    private SM2KeyExchangePrivateParameters privateParameters; // dropped once used: it holds both scalars
    private boolean used;

    SoftwareSm2KeyExchange(CryptoModule module, Role role, Sm2PrivateKey staticKey, byte[] ownId, Sm2PrivateKey ephemeralKey) {
        Sm2.checkUserId(ownId);
        if (staticKey.domain() != ephemeralKey.domain()) {
            throw new IllegalArgumentException("static and ephemeral keys are on different curves");
        }
        this.module = module;
        this.role = Objects.requireNonNull(role, "role");
        this.staticKey = staticKey;
        this.ownId = ownId.clone();
        this.ephemeralKey = ephemeralKey;
        // BC's parameters compute both public points (d·G) when made: make them once, here, and take the ephemeral
        // point from them rather than computing it a second time.
        this.privateParameters = new SM2KeyExchangePrivateParameters(role == Role.INITIATOR, staticKey.toBc(),
                ephemeralKey.toBc());
        this.ephemeralPublicKey = Sm2PublicKey.fromPoint(ephemeralKey.domain(),
                privateParameters.getEphemeralPublicPoint());
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public Sm2PublicKey ephemeralPublicKey() {
        return ephemeralPublicKey;
    }

    @Override
    public byte[] agree(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId, int keyLength) {
        org.bouncycastle.crypto.agreement.SM2KeyExchange exchange = start(peerStatic, peerEphemeral, peerId, keyLength);
        try {
            return exchange.calculateKey(keyLength * 8, peerParameters(peerStatic, peerEphemeral, peerId));
        } catch (IllegalStateException e) {
            throw new InvalidKeyMaterialException("SM2 key exchange failed: " + e.getMessage(), e);
        } finally {
            dropSecrets();
        }
    }

    @Override
    public ResponderResult respondWithConfirmation(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral,
            byte[] peerId, int keyLength) {
        requireRole(Role.RESPONDER);
        org.bouncycastle.crypto.agreement.SM2KeyExchange exchange = start(peerStatic, peerEphemeral, peerId, keyLength);
        try {
            byte[][] r = exchange.calculateKeyWithConfirmation(keyLength * 8, null,
                    peerParameters(peerStatic, peerEphemeral, peerId));
            return new ResponderResult(r[0], r[1], r[2]);
        } catch (IllegalStateException e) {
            throw new InvalidKeyMaterialException("SM2 key exchange failed: " + e.getMessage(), e);
        } finally {
            dropSecrets();
        }
    }

    @Override
    public InitiatorResult initiateWithConfirmation(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral,
            byte[] peerId, int keyLength, byte[] sB) {
        requireRole(Role.INITIATOR);
        Objects.requireNonNull(sB, "sB");
        org.bouncycastle.crypto.agreement.SM2KeyExchange exchange = start(peerStatic, peerEphemeral, peerId, keyLength);
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
            dropSecrets();
        }
    }

    private org.bouncycastle.crypto.agreement.SM2KeyExchange start(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId, int keyLength) {
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
        org.bouncycastle.crypto.agreement.SM2KeyExchange exchange = new org.bouncycastle.crypto.agreement.SM2KeyExchange();
        exchange.init(new ParametersWithID(privateParameters, ownId));
        return exchange;
    }

    private static ParametersWithID peerParameters(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId) {
        return new ParametersWithID(new SM2KeyExchangePublicParameters(peerStatic.toBc(), peerEphemeral.toBc()),
                peerId);
    }

    /** Wipes the ephemeral scalar and lets go of BC's copies of both scalars (BigIntegers: not wipeable). */
    private void dropSecrets() {
        ephemeralKey.destroy();
        privateParameters = null;
    }

    private void requireRole(Role expected) {
        if (role != expected) {
            throw new IllegalStateException("this exchange was started as " + role + ", not " + expected);
        }
    }
}
