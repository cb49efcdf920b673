package io.gmgw.crypto.sm2;

import io.gmgw.crypto.core.InvalidKeyMaterialException;
import io.gmgw.crypto.sm3.Sm3;
import io.gmgw.crypto.sm3.Sm3Digest;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * The key exchange with a software private key: GB/T 32918.3-2016 §6.1 on Bouncy Castle's curve arithmetic, the
 * secret combination [h·t](P + [x̄]R) by its {@code sumOfTwoMultipliesSecret}, as BC's own {@code SM2KeyExchange}
 * computes it. That class is not used because its parameters compute both public points d·G and r·G, and it hashes
 * both parties' Z, on every exchange, where {@link Sm2PrivateKey#publicKey()} has the static point and the key
 * remembers its Z; Sm2Test checks this against BC's class for both roles, with and without confirmation. Single use:
 * the ephemeral private key is wiped once the shared key is computed.
 */
final class SoftwareSm2KeyExchange implements Sm2KeyExchange {
    private final Sm2 sm2;
    private final Role role;
    private final Sm2PrivateKey staticKey;
    private final byte[] ownId;
    private final Sm2PrivateKey ephemeralKey;
    private final Sm2PublicKey ephemeralPublicKey;
    private boolean used;

    SoftwareSm2KeyExchange(Sm2 sm2, Role role, Sm2PrivateKey staticKey, byte[] ownId, Sm2PrivateKey ephemeralKey) {
        Sm2.checkUserId(ownId);
        if (staticKey.domain() != ephemeralKey.domain()) {
            throw new IllegalArgumentException("static and ephemeral keys are on different curves");
        }
        this.sm2 = sm2;
        this.role = Objects.requireNonNull(role, "role");
        this.staticKey = staticKey;
        this.ownId = ownId.clone();
        this.ephemeralKey = ephemeralKey;
        this.ephemeralPublicKey = ephemeralKey.publicKey(); // R = r·G, fixed-point comb (regular in r)
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
        Shared shared = compute(peerStatic, peerEphemeral, peerId, keyLength);
        try {
            return shared.key;
        } finally {
            shared.wipeU();
        }
    }

    @Override
    public ResponderResult respondWithConfirmation(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral,
            byte[] peerId, int keyLength) {
        requireRole(Role.RESPONDER);
        Shared shared = compute(peerStatic, peerEphemeral, peerId, keyLength);
        try {
            // B8: S_B = Hash(0x02 ‖ yU ‖ inner); B10 expects S_A = Hash(0x03 ‖ yU ‖ inner)
            byte[] inner = shared.innerHash();
            return new ResponderResult(shared.key, shared.confirmation(0x02, inner), shared.confirmation(0x03, inner));
        } finally {
            shared.wipeU();
        }
    }

    @Override
    public InitiatorResult initiateWithConfirmation(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral,
            byte[] peerId, int keyLength, byte[] sB) {
        requireRole(Role.INITIATOR);
        Objects.requireNonNull(sB, "sB");
        Shared shared = compute(peerStatic, peerEphemeral, peerId, keyLength);
        try {
            // A9: S1 = Hash(0x02 ‖ yU ‖ inner) must equal S_B; A10: S_A = Hash(0x03 ‖ yU ‖ inner)
            byte[] inner = shared.innerHash();
            if (!java.security.MessageDigest.isEqual(shared.confirmation(0x02, inner), sB)) {
                Arrays.fill(shared.key, (byte) 0);
                throw new KeyConfirmationException("the responder's key confirmation S_B does not match: "
                        + "the two sides did not derive the same key");
            }
            return new InitiatorResult(shared.key, shared.confirmation(0x03, inner));
        } finally {
            shared.wipeU();
        }
    }

    /**
     * Steps A4–A8 (initiator) or B2–B7 (responder): t = (d + x̄·r) mod n, U = [h·t](P + [x̄']R'), K = KDF(xU ‖ yU ‖ Z_A ‖
     * Z_B, klen). The ephemeral scalar is wiped whatever happens.
     */
    private Shared compute(Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId, int keyLength) {
        sm2.module().check();
        Sm2.checkUserId(peerId);
        if (keyLength <= 0) {
            throw new IllegalArgumentException("key length must be positive: " + keyLength);
        }
        Sm2Domain domain = staticKey.domain();
        if (peerStatic.domain() != domain || peerEphemeral.domain() != domain) {
            throw new InvalidKeyMaterialException("peer keys are not on " + domain.name());
        }
        synchronized (this) {
            if (used) {
                throw new IllegalStateException("an SM2 key exchange is single use; start a new one");
            }
            used = true;
        }
        try {
            ECDomainParameters params = domain.parameters();
            BigInteger n = params.getN();
            int w = (n.bitLength() + 1) / 2 - 1; // ⌈⌈log2 n⌉ / 2⌉ − 1
            ECPoint ownR = ephemeralPublicKey.point();
            ECPoint peerR = peerEphemeral.point();
            BigInteger t = staticKey.scalar().add(xBar(ownR, w).multiply(ephemeralKey.scalar())).mod(n);
            BigInteger k1 = params.getH().multiply(t).mod(n);
            BigInteger k2 = k1.multiply(xBar(peerR, w)).mod(n);
            ECPoint u = ECAlgorithms.sumOfTwoMultipliesSecret(peerStatic.point(), k1, peerR, k2, n).normalize();
            if (u.isInfinity()) {
                throw new InvalidKeyMaterialException("SM2 key exchange failed: U is the point at infinity "
                        + "(the peer's keys are not usable)");
            }
            boolean a = role == Role.INITIATOR;
            byte[] ownZ = sm2.z(staticKey.publicKey(), ownId);
            byte[] peerZ = sm2.z(peerStatic, peerId);
            byte[] zA = a ? ownZ : peerZ;
            byte[] zB = a ? peerZ : ownZ;
            int len = domain.fieldBytes();
            byte[] xU = BigIntegers.asUnsignedByteArray(len, u.getAffineXCoord().toBigInteger());
            byte[] yU = BigIntegers.asUnsignedByteArray(len, u.getAffineYCoord().toBigInteger());
            byte[] kdfInput = org.bouncycastle.util.Arrays.concatenate(xU, yU, zA, zB);
            byte[] key = sm2.sm3().kdf(kdfInput, keyLength);
            Arrays.fill(kdfInput, (byte) 0);
            return new Shared(sm2.sm3(), key, xU, yU, zA, zB, a ? ephemeralPublicKey : peerEphemeral,
                    a ? peerEphemeral : ephemeralPublicKey);
        } finally {
            ephemeralKey.destroy();
        }
    }

    /** x̄ = 2^w + (x mod 2^w) of a point's affine x (GB/T 32918.3 §6.1 A4/B3). */
    private static BigInteger xBar(ECPoint p, int w) {
        BigInteger x = p.getAffineXCoord().toBigInteger();
        return x.mod(BigInteger.ONE.shiftLeft(w)).setBit(w);
    }

    /** The shared point and the values the confirmation hashes need; {@link #wipeU()} when done. */
    private record Shared(Sm3 sm3, byte[] key, byte[] xU, byte[] yU, byte[] zA, byte[] zB,
            Sm2PublicKey rA, Sm2PublicKey rB) {
        /** inner = Hash(xU ‖ Z_A ‖ Z_B ‖ x1 ‖ y1 ‖ x2 ‖ y2), shared by both confirmation values. */
        byte[] innerHash() {
            Sm3Digest inner = sm3.newDigest();
            inner.update(xU).update(zA).update(zB).update(rA.x()).update(rA.y()).update(rB.x()).update(rB.y());
            return inner.doFinal();
        }

        /** Hash(prefix ‖ yU ‖ inner). */
        byte[] confirmation(int prefix, byte[] innerHash) {
            return sm3.newDigest().update((byte) prefix).update(yU).update(innerHash).doFinal();
        }

        void wipeU() {
            Arrays.fill(xU, (byte) 0);
            Arrays.fill(yU, (byte) 0);
        }
    }

    private void requireRole(Role expected) {
        if (role != expected) {
            throw new IllegalStateException("this exchange was started as " + role + ", not " + expected);
        }
    }
}
