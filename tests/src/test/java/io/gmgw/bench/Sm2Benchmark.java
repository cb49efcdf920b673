package io.gmgw.bench;

import com.tencent.kona.crypto.KonaCryptoProvider;
import com.tencent.kona.crypto.spec.SM2KeyAgreementParamSpec;
import com.tencent.kona.crypto.spec.SM2PrivateKeySpec;
import com.tencent.kona.crypto.spec.SM2PublicKeySpec;
import com.tencent.kona.crypto.spec.SM2SignatureParameterSpec;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2KeyPair;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.SM2KeyExchange;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.SM2KeyExchangePrivateParameters;
import org.bouncycastle.crypto.params.SM2KeyExchangePublicParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SM2 on sm2p256v1 with the default user ID: sign and verify a 100-byte message, encrypt and decrypt a 48-byte
 * secret (a TLCP pre-master), and one party's side of a key exchange (fresh ephemeral key plus the 48-byte agreement,
 * what a TLCP ECDHE server computes per handshake). gmgw's module, Bouncy Castle's stock lightweight classes and
 * kona-crypto's JCA provider, in one run; every side uses the same key pair.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sm2Benchmark {
    @Param({"gmgw", "bouncycastle", "kona"})
    public String impl;

    private static final byte[] ID = Sm2.defaultUserId();

    private final byte[] message = new byte[100];
    private final byte[] secret = new byte[48];
    private byte[] signature;
    private byte[] ciphertext;

    private CryptoModule module;
    private Sm2KeyPair key;
    private Sm2KeyPair peer;
    private Sm2KeyPair peerEphemeral;

    private SecureRandom random;
    private ECDomainParameters domain;
    private ECPrivateKeyParameters bcPrivate;
    private ECPublicKeyParameters bcPublic;
    private ECPublicKeyParameters bcPeer;
    private ECPublicKeyParameters bcPeerEphemeral;

    private Provider kona;
    private PrivateKey konaPrivate;
    private ECPublicKey konaPublic;
    private ECPublicKey konaPeer;
    private ECPublicKey konaPeerEphemeral;
    private KeyPairGenerator konaGenerator;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        new java.util.Random(1).nextBytes(message);
        new java.util.Random(2).nextBytes(secret);
        module = CryptoModule.start();
        key = module.sm2().generateKeyPair();
        peer = module.sm2().generateKeyPair();
        peerEphemeral = module.sm2().generateKeyPair();
        // Signature and ciphertext to verify and decrypt, made by gmgw: all three read the same standard encodings.
        signature = module.sm2().sign(key.privateKey(), message);
        ciphertext = module.sm2().encrypt(key.publicKey(), secret);

        random = new SecureRandom();
        X9ECParameters x9 = CustomNamedCurves.getByName("sm2p256v1"); // the specialised curve, as BC's own JCA provider uses
        domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
        bcPrivate = new ECPrivateKeyParameters(new BigInteger(1, key.privateKey().scalarBytes()), domain);
        bcPublic = bcPublic(key.publicKey().encoded());
        bcPeer = bcPublic(peer.publicKey().encoded());
        bcPeerEphemeral = bcPublic(peerEphemeral.publicKey().encoded());

        kona = new KonaCryptoProvider();
        KeyFactory kf = KeyFactory.getInstance("SM2", kona);
        konaPrivate = kf.generatePrivate(new SM2PrivateKeySpec(key.privateKey().scalarBytes()));
        konaPublic = (ECPublicKey) kf.generatePublic(new SM2PublicKeySpec(key.publicKey().encoded()));
        konaPeer = (ECPublicKey) kf.generatePublic(new SM2PublicKeySpec(peer.publicKey().encoded()));
        konaPeerEphemeral = (ECPublicKey) kf.generatePublic(new SM2PublicKeySpec(peerEphemeral.publicKey().encoded()));
        konaGenerator = KeyPairGenerator.getInstance("SM2", kona);
        konaGenerator.initialize(256, random);
    }

    private ECPublicKeyParameters bcPublic(byte[] encoded) {
        return new ECPublicKeyParameters(domain.getCurve().decodePoint(encoded), domain);
    }

    @Benchmark
    public byte[] sign() throws Exception {
        return switch (impl) {
            case "gmgw" -> module.sm2().sign(key.privateKey(), message);
            case "bouncycastle" -> {
                SM2Signer s = new SM2Signer();
                s.init(true, new ParametersWithID(new ParametersWithRandom(bcPrivate, random), ID));
                s.update(message, 0, message.length);
                yield s.generateSignature();
            }
            default -> {
                Signature s = Signature.getInstance("SM2", kona);
                s.setParameter(new SM2SignatureParameterSpec(ID, konaPublic));
                s.initSign(konaPrivate, random);
                s.update(message);
                yield s.sign();
            }
        };
    }

    @Benchmark
    public boolean verify() throws Exception {
        return switch (impl) {
            case "gmgw" -> module.sm2().verify(key.publicKey(), message, signature);
            case "bouncycastle" -> {
                SM2Signer s = new SM2Signer();
                s.init(false, new ParametersWithID(bcPublic, ID));
                s.update(message, 0, message.length);
                yield s.verifySignature(signature);
            }
            default -> {
                Signature s = Signature.getInstance("SM2", kona);
                s.setParameter(new SM2SignatureParameterSpec(ID, konaPublic));
                s.initVerify(konaPublic);
                s.update(message);
                yield s.verify(signature);
            }
        };
    }

    @Benchmark
    public byte[] encrypt() throws Exception {
        return switch (impl) {
            case "gmgw" -> module.sm2().encrypt(key.publicKey(), secret);
            case "bouncycastle" -> {
                // BC's raw C1C3C2 (no GM/T 0009 DER wrapping): BC's own cost only
                SM2Engine e = new SM2Engine(SM2Engine.Mode.C1C3C2);
                e.init(true, new ParametersWithRandom(bcPublic, random));
                yield e.processBlock(secret, 0, secret.length);
            }
            default -> {
                Cipher c = Cipher.getInstance("SM2", kona);
                c.init(Cipher.ENCRYPT_MODE, konaPublic, random);
                yield c.doFinal(secret);
            }
        };
    }

    @Benchmark
    public byte[] decrypt() throws Exception {
        return switch (impl) {
            case "gmgw" -> module.sm2().decrypt(key.privateKey(), ciphertext);
            case "bouncycastle" -> {
                byte[] raw = BcCiphertext.rawC1C3C2(ciphertext);
                SM2Engine e = new SM2Engine(SM2Engine.Mode.C1C3C2);
                e.init(false, bcPrivate);
                yield e.processBlock(raw, 0, raw.length);
            }
            default -> {
                Cipher c = Cipher.getInstance("SM2", kona);
                c.init(Cipher.DECRYPT_MODE, konaPrivate);
                yield c.doFinal(ciphertext);
            }
        };
    }

    @Benchmark
    public byte[] keyExchange() throws Exception {
        return switch (impl) {
            case "gmgw" -> module.sm2().keyExchange(Sm2KeyExchange.Role.INITIATOR, key.privateKey(), ID)
                    .agree(peer.publicKey(), peerEphemeral.publicKey(), ID, 48);
            case "bouncycastle" -> {
                ECKeyPairGenerator g = new ECKeyPairGenerator();
                g.init(new ECKeyGenerationParameters(domain, random));
                AsymmetricCipherKeyPair ephemeral = g.generateKeyPair();
                SM2KeyExchange x = new SM2KeyExchange();
                x.init(new ParametersWithID(new SM2KeyExchangePrivateParameters(true, bcPrivate,
                        (ECPrivateKeyParameters) ephemeral.getPrivate()), ID));
                yield x.calculateKey(48 * 8, new ParametersWithID(
                        new SM2KeyExchangePublicParameters(bcPeer, bcPeerEphemeral), ID));
            }
            default -> {
                KeyPair ephemeral = konaGenerator.generateKeyPair();
                KeyAgreement a = KeyAgreement.getInstance("SM2", kona);
                a.init(ephemeral.getPrivate(), new SM2KeyAgreementParamSpec(ID, (ECPrivateKey) konaPrivate, konaPublic,
                        ID, konaPeer, true, 48), random);
                a.doPhase(konaPeerEphemeral, true);
                yield a.generateSecret();
            }
        };
    }
}
