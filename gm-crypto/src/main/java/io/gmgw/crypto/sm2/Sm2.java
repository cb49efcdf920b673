package io.gmgw.crypto.sm2;

import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.core.ModuleContext;
import io.gmgw.crypto.sm3.Sm3;
import io.gmgw.crypto.sm3.Sm3Digest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.bouncycastle.crypto.signers.RandomDSAKCalculator;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 (GB/T 32918-2016, GM/T 0003-2012) on Bouncy Castle's lightweight engines: key generation with a pairwise
 * consistency test, signatures with a user ID, public-key encryption and the key exchange protocol. Secret scalars
 * are multiplied by BC's constant-time routines (fixed-point comb for k·G, {@code ECAlgorithms.multiplySecret} for
 * d·C1 and the key exchange's secret combination). Obtained from {@link io.gmgw.crypto.CryptoModule#sm2()};
 * thread-safe.
 */
public final class Sm2 {
    /** The default user ID of GM/T 0009-2012 §10: ASCII "1234567812345678" (ENTL = 128 bits). */
    private static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    /** ENTL is two bytes holding the ID's length in bits (GB/T 32918.2-2016 §5.5): at most 8191 bytes. */
    public static final int MAX_USER_ID_LENGTH = 0xffff / 8;

    private static final byte[] PCT_MESSAGE = "gmgw pairwise consistency test".getBytes(StandardCharsets.US_ASCII);

    private final ModuleContext module;
    private final Sm3 sm3;

    /** SM2 in {@code module}; Z, e and the key exchange's KDF and confirmations are hashed with {@code sm3}. */
    public Sm2(ModuleContext module, Sm3 sm3) {
        this.module = Objects.requireNonNull(module, "module");
        this.sm3 = Objects.requireNonNull(sm3, "sm3");
    }

    /** The default SM2 user ID, ASCII {@code 1234567812345678} (a fresh copy). */
    public static byte[] defaultUserId() {
        return DEFAULT_USER_ID.clone();
    }

    /**
     * Generates a key pair on sm2p256v1 (d uniform in [1, n−2], GB/T 32918.1 §6.1) and runs the pairwise consistency
     * test of GB/T 37092 (a signature and an encryption round trip); a failure puts the module in the error state.
     */
    public Sm2KeyPair generateKeyPair() {
        module.check();
        Sm2KeyPair pair = newKeyPair(Sm2Domain.SM2P256V1);
        if (!pairwiseConsistent(pair)) {
            pair.privateKey().destroy();
            module.enterError("pairwise consistency test failed for a newly generated SM2 key pair");
            module.check();
        }
        return pair;
    }

    /** An ephemeral key pair (no consistency test: it never signs or decrypts). */
    Sm2KeyPair newKeyPair(Sm2Domain domain) {
        Sm2PrivateKey key = newPrivateKey(domain);
        return new Sm2KeyPair(key, key.publicKey());
    }

    /** A fresh private key in [1, n-2]; its public point is computed only when asked for. */
    private Sm2PrivateKey newPrivateKey(Sm2Domain domain) {
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, domain.order().subtract(BigInteger.TWO),
                module.random());
        return Sm2PrivateKey.fromScalar(domain, d);
    }

    private boolean pairwiseConsistent(Sm2KeyPair pair) {
        try {
            byte[] sig = sign(pair.privateKey(), PCT_MESSAGE, DEFAULT_USER_ID);
            byte[] ct = encrypt(pair.publicKey(), PCT_MESSAGE, Sm2CiphertextFormat.RAW_C1C3C2);
            return verify(pair.publicKey(), PCT_MESSAGE, sig, DEFAULT_USER_ID)
                    && Arrays.equals(PCT_MESSAGE, decrypt(pair.privateKey(), ct, Sm2CiphertextFormat.RAW_C1C3C2));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Signs {@code message} with the default user ID; DER signature. */
    public byte[] sign(Sm2PrivateKey key, byte[] message) {
        return sign(key, message, DEFAULT_USER_ID);
    }

    /** Signs {@code message} (e = SM3(Z_A ‖ M), GB/T 32918.2 §6.1); DER {@code SEQUENCE { r, s }}. */
    public byte[] sign(Sm2PrivateKey key, byte[] message, byte[] userId) {
        return sign(key, message, userId, module.random());
    }

    /**
     * Signing with a caller-chosen source of k: for the known-answer self-test, which reproduces the standard's worked
     * example with its printed k. Production code lets {@link #sign(Sm2PrivateKey, byte[], byte[])} draw k from the
     * module's generator: a k that is predictable or used twice gives the private key away.
     *
     * <p>GB/T 32918.2 §6.1 steps A1–A7 on Bouncy Castle's curve arithmetic, k drawn as BC draws it: {@code SM2Signer}
     * itself is not used because its {@code init} recomputes the public key d·G for Z on every signature (about half
     * of a signature's cost), where {@link Sm2PrivateKey#publicKey()} has it already. Sm2Test checks this against
     * {@code SM2Signer} bit for bit.
     */
    public byte[] sign(Sm2PrivateKey key, byte[] message, byte[] userId, SecureRandom kSource) {
        module.check();
        checkUserId(userId);
        ECDomainParameters params = key.domain().parameters();
        BigInteger n = params.getN();
        // A1, A2: e = SM3(Z_A ‖ M), Z_A from the cached public key
        BigInteger e = new BigInteger(1, signingDigest(key.publicKey(), userId, message));
        BigInteger d = key.scalar();
        DSAKCalculator kCalculator = new RandomDSAKCalculator();
        kCalculator.init(n, kSource);
        ECMultiplier basePoint = new FixedPointCombMultiplier();
        BigInteger inverse = BigIntegers.modOddInverse(n, d.add(BigInteger.ONE)); // (1 + d)^-1, for A6
        while (true) {
            // A3, A4: k in [1, n-1], (x1, y1) = [k]G by the fixed-point comb (regular in k)
            BigInteger k = kCalculator.nextK();
            ECPoint p = basePoint.multiply(params.getG(), k).normalize();
            // A5: r = (e + x1) mod n; again if r = 0 or r + k = n
            BigInteger r = e.add(p.getAffineXCoord().toBigInteger()).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue;
            }
            // A6: s = ((1 + d)^-1 · (k − r·d)) mod n; again if s = 0
            BigInteger s = BigIntegers.modMult(n, inverse, BigIntegers.modSubtract(n, k, BigIntegers.modMult(n, r, d)));
            if (s.signum() != 0) {
                try {
                    // A7: DER SEQUENCE { r, s }
                    return StandardDSAEncoding.INSTANCE.encode(n, r, s);
                } catch (IOException ex) {
                    throw new IllegalStateException("SM2 signature encoding failed", ex);
                }
            }
        }
    }

    /** Verifies a DER signature made with the default user ID. */
    public boolean verify(Sm2PublicKey key, byte[] message, byte[] signature) {
        return verify(key, message, signature, DEFAULT_USER_ID);
    }

    /**
     * Verifies a DER signature (GB/T 32918.2 §7.1). Returns false for a wrong signature and for one that is not strict
     * DER with r and s in [1, n−1].
     */
    public boolean verify(Sm2PublicKey key, byte[] message, byte[] signature, byte[] userId) {
        module.check();
        checkUserId(userId);
        SM2Signer verifier = new SM2Signer();
        verifier.init(false, new ParametersWithID(key.toBc(), userId));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /**
     * Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) (GB/T 32918.2 §5.5). The key remembers the last one, so a key
     * that signs or agrees again and again under one ID (a server's) hashes its Z once.
     */
    public byte[] z(Sm2PublicKey key, byte[] userId) {
        checkUserId(userId);
        byte[] z = key.memoisedZ(userId);
        if (z == null) {
            Sm3Digest d = sm3.newDigest();
            int entl = userId.length * 8;
            d.update((byte) (entl >>> 8)).update((byte) entl).update(userId);
            d.update(key.domain().zCurveBytes()).update(key.x()).update(key.y());
            z = d.doFinal();
            key.memoiseZ(userId, z);
        }
        return z.clone();
    }

    /** e = SM3(Z ‖ M), the value a token's raw SM2 signing mechanism signs (GB/T 32918.2 §6.1 A2). */
    public byte[] signingDigest(Sm2PublicKey key, byte[] userId, byte[] message) {
        return sm3.hash(z(key, userId), message);
    }

    /** Encrypts to {@code key} in the default GM/T 0009 DER C1C3C2 encoding. */
    public byte[] encrypt(Sm2PublicKey key, byte[] plaintext) {
        return encrypt(key, plaintext, Sm2CiphertextFormat.DER_C1C3C2);
    }

    /** Encrypts (GB/T 32918.4-2016 §6.1) to {@code key}; {@code plaintext} must not be empty. */
    public byte[] encrypt(Sm2PublicKey key, byte[] plaintext, Sm2CiphertextFormat format) {
        return encrypt(key, plaintext, format, module.random());
    }

    /**
     * Encryption with a caller-chosen source of k: for the known-answer self-test, which reproduces the standard's
     * worked example with its printed k. Production code lets
     * {@link #encrypt(Sm2PublicKey, byte[], Sm2CiphertextFormat)} draw k from the module's generator: whoever can
     * predict k can decrypt.
     */
    public byte[] encrypt(Sm2PublicKey key, byte[] plaintext, Sm2CiphertextFormat format, SecureRandom kSource) {
        module.check();
        if (plaintext.length == 0) {
            // klen = 0 makes t = KDF(x2‖y2, 0) empty, which the standard's "t is all zero" rule never lets through.
            throw new IllegalArgumentException("SM2 cannot encrypt an empty message");
        }
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(key.toBc(), kSource));
        try {
            byte[] raw = engine.processBlock(plaintext, 0, plaintext.length);
            return Sm2CiphertextCodec.fromRawC1C3C2(key.domain(), raw, format);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM2 encryption failed", e);
        }
    }

    /** Decrypts a GM/T 0009 DER C1C3C2 ciphertext. */
    public byte[] decrypt(Sm2PrivateKey key, byte[] ciphertext) {
        return decrypt(key, ciphertext, Sm2CiphertextFormat.DER_C1C3C2);
    }

    /**
     * Decrypts (GB/T 32918.4-2016 §7.1): C1 must be a point of the curve, t must not be all zero and C3 must match
     * (compared in constant time). Every failure is the same {@link BadCiphertextException}.
     */
    public byte[] decrypt(Sm2PrivateKey key, byte[] ciphertext, Sm2CiphertextFormat format) {
        module.check();
        byte[] raw = Sm2CiphertextCodec.toRawC1C3C2(key.domain(), ciphertext, format);
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(false, key.toBc());
        try {
            return engine.processBlock(raw, 0, raw.length);
        } catch (InvalidCipherTextException | IllegalArgumentException | IllegalStateException e) {
            // IllegalArgumentException/IllegalStateException: C1 not on the curve, as BC reports it.
            throw new BadCiphertextException("SM2 decryption failed: the ciphertext is malformed, was not made for "
                    + "this key, or was altered");
        }
    }

    /**
     * Starts an SM2 key exchange (GB/T 32918.3-2016 §6.1) with a fresh ephemeral key: {@code staticKey} is this side's
     * long-term key (in TLCP, the encryption key), {@code ownId} its user ID.
     */
    public Sm2KeyExchange keyExchange(Sm2KeyExchange.Role role, Sm2PrivateKey staticKey, byte[] ownId) {
        module.check();
        return new SoftwareSm2KeyExchange(this, role, staticKey, ownId, newPrivateKey(staticKey.domain()));
    }

    /**
     * An exchange with a given ephemeral key: for replaying recorded exchanges (protocol transcripts) and the
     * standard's worked example. Production code lets {@link #keyExchange(Sm2KeyExchange.Role, Sm2PrivateKey, byte[])}
     * draw the ephemeral key.
     */
    public Sm2KeyExchange keyExchange(Sm2KeyExchange.Role role, Sm2PrivateKey staticKey, byte[] ownId,
            Sm2PrivateKey ephemeralKey) {
        module.check();
        return new SoftwareSm2KeyExchange(this, role, staticKey, ownId, ephemeralKey);
    }

    /** The module this SM2 belongs to, for the key exchanges it starts. */
    ModuleContext module() {
        return module;
    }

    /** The SM3 this SM2 hashes with. */
    Sm3 sm3() {
        return sm3;
    }

    static void checkUserId(byte[] userId) {
        Objects.requireNonNull(userId, "userId");
        if (userId.length > MAX_USER_ID_LENGTH) {
            throw new IllegalArgumentException("SM2 user ID is " + userId.length + " bytes; at most "
                    + MAX_USER_ID_LENGTH + " fit its 16-bit bit length");
        }
    }
}
