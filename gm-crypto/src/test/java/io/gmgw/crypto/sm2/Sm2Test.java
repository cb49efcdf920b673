package io.gmgw.crypto.sm2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.core.CryptoModuleErrorException;
import io.gmgw.crypto.core.InvalidKeyMaterialException;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.selftest.FixedRandom;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Sm2Test {
    private final CryptoModule module = TestModules.deterministic("sm2");
    private final Sm2 sm2 = module.sm2();
    private final Sm2KeyPair alice = sm2.generateKeyPair();
    private final byte[] message = "access-list 101 permit tcp any host 10.0.0.1 eq 443".getBytes(StandardCharsets.US_ASCII);

    @Test
    void signatureVerifiesOnlyForTheSameKeyMessageAndId() {
        byte[] sig = sm2.sign(alice.privateKey(), message);
        assertTrue(sm2.verify(alice.publicKey(), message, sig));
        assertTrue(sm2.verify(alice.publicKey(), message, sig, Sm2.defaultUserId()));
        assertFalse(sm2.verify(alice.publicKey(), message, sig, "other-id".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(sm2.verify(sm2.generateKeyPair().publicKey(), message, sig));
        byte[] changed = message.clone();
        changed[changed.length - 1] ^= 0x01;
        assertFalse(sm2.verify(alice.publicKey(), changed, sig));

        byte[] id = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
        byte[] withId = sm2.sign(alice.privateKey(), message, id);
        assertTrue(sm2.verify(alice.publicKey(), message, withId, id));
        assertFalse(sm2.verify(alice.publicKey(), message, withId));
    }

    /**
     * Our signing (Z from the cached public key, steps A3-A7 on BC's curve arithmetic) against Bouncy Castle's own
     * SM2Signer with the same k: the same DER bytes, for random keys, messages (empty and multi-block) and user IDs.
     */
    @Test
    void signingMatchesBouncyCastlesSm2SignerForTheSameK() throws Exception {
        java.security.SecureRandom random = module.random();
        BigInteger n = Sm2Domain.SM2P256V1.order();
        for (int i = 0; i < 40; i++) {
            Sm2KeyPair pair = sm2.generateKeyPair();
            byte[] msg = new byte[random.nextInt(300)];
            random.nextBytes(msg);
            byte[] id = i % 3 == 0 ? Sm2.defaultUserId() : Arrays.copyOf(msg, 1 + i);
            BigInteger k = new BigInteger(1, random.generateSeed(40)).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            byte[] kBytes = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, k);

            byte[] ours = sm2.sign(pair.privateKey(), msg, id, new FixedRandom(kBytes));
            org.bouncycastle.crypto.signers.SM2Signer bc = new org.bouncycastle.crypto.signers.SM2Signer();
            bc.init(true, new org.bouncycastle.crypto.params.ParametersWithID(
                    new org.bouncycastle.crypto.params.ParametersWithRandom(pair.privateKey().toBc(),
                            new FixedRandom(kBytes)), id));
            bc.update(msg, 0, msg.length);
            assertArrayEquals(bc.generateSignature(), ours, "signature " + i);
            assertTrue(sm2.verify(pair.publicKey(), msg, ours, id));
        }
    }

    @Test
    void signaturesAreRandomised() {
        assertFalse(Arrays.equals(sm2.sign(alice.privateKey(), message), sm2.sign(alice.privateKey(), message)));
    }

    @Test
    void malformedSignaturesAreRejectedNotThrown() {
        byte[] sig = sm2.sign(alice.privateKey(), message);
        assertFalse(sm2.verify(alice.publicKey(), message, new byte[0]));
        assertFalse(sm2.verify(alice.publicKey(), message, Arrays.copyOf(sig, sig.length - 1)));
        byte[] trailing = Arrays.copyOf(sig, sig.length + 1);
        assertFalse(sm2.verify(alice.publicKey(), message, trailing));
        // The same r and s with a superfluous leading zero in r: not DER, so not accepted.
        byte[] raw = Sm2Signatures.derToRaw(sig);
        byte[] nonMinimal = derSignature(raw, true);
        assertFalse(sm2.verify(alice.publicKey(), message, nonMinimal));
        assertTrue(sm2.verify(alice.publicKey(), message, derSignature(raw, false)));
    }

    @Test
    void rawAndDerSignatureConversionsRoundTrip() {
        for (int i = 0; i < 20; i++) {
            byte[] der = sm2.sign(alice.privateKey(), new byte[] {(byte) i});
            byte[] raw = Sm2Signatures.derToRaw(der);
            assertEquals(64, raw.length);
            assertArrayEquals(der, Sm2Signatures.rawToDer(raw));
        }
        assertThrows(MalformedEncodingException.class, () -> Sm2Signatures.rawToDer(new byte[63]));
        assertThrows(MalformedEncodingException.class, () -> Sm2Signatures.rawToDer(new byte[64]));
        assertThrows(MalformedEncodingException.class, () -> Sm2Signatures.derToRaw(new byte[] {0x30, 0x00}));
    }

    @Test
    void publicKeysFromOutsideAreValidated() {
        byte[] good = alice.publicKey().encoded();
        assertEquals(alice.publicKey(), Sm2PublicKey.fromEncoded(good));

        byte[] offCurve = good.clone();
        offCurve[64] ^= 0x01;
        assertThrows(InvalidKeyMaterialException.class, () -> Sm2PublicKey.fromEncoded(offCurve));
        assertThrows(InvalidKeyMaterialException.class, () -> Sm2PublicKey.fromEncoded(new byte[] {0x00}));
        assertThrows(InvalidKeyMaterialException.class, () -> Sm2PublicKey.fromEncoded(Arrays.copyOf(good, 64)));
        byte[] wrongPrefix = good.clone();
        wrongPrefix[0] = 0x05;
        assertThrows(InvalidKeyMaterialException.class, () -> Sm2PublicKey.fromEncoded(wrongPrefix));
        // x = p: not a field element
        byte[] xIsP = good.clone();
        byte[] p = new BigInteger("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF", 16).toByteArray();
        System.arraycopy(p, p.length - 32, xIsP, 1, 32);
        assertThrows(InvalidKeyMaterialException.class, () -> Sm2PublicKey.fromEncoded(xIsP));

        byte[] compressed = new byte[33];
        compressed[0] = (byte) (0x02 | (alice.publicKey().y()[31] & 1));
        System.arraycopy(alice.publicKey().x(), 0, compressed, 1, 32);
        assertEquals(alice.publicKey(), Sm2PublicKey.fromEncoded(compressed));
    }

    @Test
    void aSubjectPublicKeyInfoWhoseBitStringHasPadBitsIsRefused() {
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo good = alice.publicKey().toSubjectPublicKeyInfo();
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo padded = new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(
                good.getAlgorithm(), new org.bouncycastle.asn1.DERBitString(alice.publicKey().encoded(), 1));
        assertEquals(alice.publicKey(), Sm2PublicKey.fromSubjectPublicKeyInfo(good));
        assertThrows(InvalidKeyMaterialException.class, () -> Sm2PublicKey.fromSubjectPublicKeyInfo(padded));
    }

    @Test
    void privateScalarsOutsideOneToNMinusTwoAreRefused() {
        BigInteger n = Sm2Domain.SM2P256V1.order();
        assertThrows(InvalidKeyMaterialException.class, () -> Sm2PrivateKey.fromScalar(new byte[32]));
        assertThrows(InvalidKeyMaterialException.class, () -> Sm2PrivateKey.fromScalar(n.subtract(BigInteger.ONE).toByteArray()));
        assertThrows(InvalidKeyMaterialException.class, () -> Sm2PrivateKey.fromScalar(n.toByteArray()));
        Sm2PrivateKey max = Sm2PrivateKey.fromScalar(n.subtract(BigInteger.TWO).toByteArray());
        assertTrue(sm2.verify(max.publicKey(), message, sm2.sign(max, message)));
    }

    @Test
    void destroyedPrivateKeysRefuseUse() {
        Sm2KeyPair pair = sm2.generateKeyPair();
        pair.privateKey().destroy();
        assertTrue(pair.privateKey().isDestroyed());
        assertThrows(IllegalStateException.class, () -> sm2.sign(pair.privateKey(), message));
    }

    @ParameterizedTest
    @EnumSource(Sm2CiphertextFormat.class)
    void encryptionRoundTripsInEveryFormat(Sm2CiphertextFormat format) {
        for (int len : new int[] {1, 31, 32, 33, 48, 1000}) {
            byte[] pt = Arrays.copyOf(message, len);
            byte[] ct = sm2.encrypt(alice.publicKey(), pt, format);
            if (format != Sm2CiphertextFormat.DER_C1C3C2) {
                assertEquals(65 + 32 + len, ct.length);
            }
            assertArrayEquals(pt, sm2.decrypt(alice.privateKey(), ct, format));
        }
    }

    @Test
    void formatsCarryTheSameParts() {
        byte[] der = sm2.encrypt(alice.publicKey(), message);
        byte[] c1c3c2 = Sm2CiphertextCodec.toRawC1C3C2(Sm2Domain.SM2P256V1, der, Sm2CiphertextFormat.DER_C1C3C2);
        byte[] c1c2c3 = Sm2CiphertextCodec.fromRawC1C3C2(Sm2Domain.SM2P256V1, c1c3c2, Sm2CiphertextFormat.RAW_C1C2C3);
        assertArrayEquals(Arrays.copyOfRange(c1c3c2, 65, 97), Arrays.copyOfRange(c1c2c3, c1c2c3.length - 32, c1c2c3.length));
        assertArrayEquals(message, sm2.decrypt(alice.privateKey(), c1c2c3, Sm2CiphertextFormat.RAW_C1C2C3));
        assertArrayEquals(der, Sm2CiphertextCodec.fromRawC1C3C2(Sm2Domain.SM2P256V1, c1c3c2, Sm2CiphertextFormat.DER_C1C3C2));
        // decoding with the wrong order fails the C3 check rather than returning garbage
        assertThrows(BadCiphertextException.class,
                () -> sm2.decrypt(alice.privateKey(), c1c3c2, Sm2CiphertextFormat.RAW_C1C2C3));
    }

    @Test
    void emptyPlaintextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> sm2.encrypt(alice.publicKey(), new byte[0]));
    }

    @Test
    void everyAlteredOrTruncatedCiphertextFailsTheSameWay() {
        byte[] raw = sm2.encrypt(alice.publicKey(), message, Sm2CiphertextFormat.RAW_C1C3C2);
        for (int i = 0; i < raw.length; i++) {
            byte[] bad = raw.clone();
            bad[i] ^= 0x40;
            BadCiphertextException e = assertThrows(BadCiphertextException.class,
                    () -> sm2.decrypt(alice.privateKey(), bad, Sm2CiphertextFormat.RAW_C1C3C2), "byte " + i);
            assertTrue(e.getMessage().startsWith("SM2"), e.getMessage());
        }
        byte[] der = sm2.encrypt(alice.publicKey(), message);
        for (int len = 0; len < der.length; len++) {
            byte[] truncated = Arrays.copyOf(der, len);
            assertThrows(BadCiphertextException.class, () -> sm2.decrypt(alice.privateKey(), truncated));
        }
        assertThrows(BadCiphertextException.class, () -> sm2.decrypt(alice.privateKey(), Arrays.copyOf(der, der.length + 1)));
        assertThrows(BadCiphertextException.class,
                () -> sm2.decrypt(sm2.generateKeyPair().privateKey(), der));
    }

    @Test
    void derDecodingAcceptsUnpaddedAndOverpaddedCoordinatesButEncodingIsStrict() throws Exception {
        // Find a ciphertext whose y coordinate has its top bit set: strict DER needs a 0x00 pad there.
        byte[] raw;
        do {
            raw = sm2.encrypt(alice.publicKey(), message, Sm2CiphertextFormat.RAW_C1C3C2);
        } while ((raw[33] & 0x80) == 0);
        byte[] strict = Sm2CiphertextCodec.fromRawC1C3C2(Sm2Domain.SM2P256V1, raw, Sm2CiphertextFormat.DER_C1C3C2);
        assertArrayEquals(strict, org.bouncycastle.asn1.ASN1Primitive.fromByteArray(strict).getEncoded("DER"),
                "our encoding is DER");

        // gm-jsse style: each coordinate as an INTEGER of exactly 32 content bytes, whatever its value.
        byte[] fixedWidth = sm2Cipher(integer(Arrays.copyOfRange(raw, 1, 33)), integer(Arrays.copyOfRange(raw, 33, 65)), raw);
        assertArrayEquals(message, sm2.decrypt(alice.privateKey(), fixedWidth));
        // superfluous leading zero bytes
        byte[] padded = sm2Cipher(integer(concat(new byte[2], Arrays.copyOfRange(raw, 1, 33))),
                integer(concat(new byte[1], Arrays.copyOfRange(raw, 33, 65))), raw);
        assertArrayEquals(message, sm2.decrypt(alice.privateKey(), padded));
        // a coordinate with 33 significant bytes is not a coordinate
        byte[] tooLong = sm2Cipher(integer(concat(new byte[] {1}, Arrays.copyOfRange(raw, 1, 33))),
                integer(Arrays.copyOfRange(raw, 33, 65)), raw);
        assertThrows(BadCiphertextException.class, () -> sm2.decrypt(alice.privateKey(), tooLong));
    }

    @Test
    void keyExchangeGivesBothSidesTheSameKeyAndConfirmationsCheckOut() {
        Sm2KeyPair bob = sm2.generateKeyPair();
        byte[] idA = "server".getBytes(StandardCharsets.US_ASCII);
        byte[] idB = "client".getBytes(StandardCharsets.US_ASCII);

        Sm2KeyExchange a = sm2.keyExchange(Sm2KeyExchange.Role.INITIATOR, alice.privateKey(), idA);
        Sm2KeyExchange b = sm2.keyExchange(Sm2KeyExchange.Role.RESPONDER, bob.privateKey(), idB);
        Sm2KeyExchange.ResponderResult rb = b.respondWithConfirmation(alice.publicKey(), a.ephemeralPublicKey(), idA, 48);
        Sm2KeyExchange.InitiatorResult ra = a.initiateWithConfirmation(bob.publicKey(), b.ephemeralPublicKey(), idB, 48,
                rb.confirmation());
        assertArrayEquals(ra.key(), rb.key());
        assertEquals(48, ra.key().length);
        rb.verifyInitiatorConfirmation(ra.confirmation());
        byte[] wrongSa = ra.confirmation().clone();
        wrongSa[0] ^= 1;
        assertThrows(Sm2KeyExchange.KeyConfirmationException.class, () -> rb.verifyInitiatorConfirmation(wrongSa));

        // Without confirmation, as TLCP does it
        Sm2KeyExchange a2 = sm2.keyExchange(Sm2KeyExchange.Role.INITIATOR, alice.privateKey(), idA);
        Sm2KeyExchange b2 = sm2.keyExchange(Sm2KeyExchange.Role.RESPONDER, bob.privateKey(), idB);
        byte[] ka = a2.agree(bob.publicKey(), b2.ephemeralPublicKey(), idB, 48);
        byte[] kb = b2.agree(alice.publicKey(), a2.ephemeralPublicKey(), idA, 48);
        assertArrayEquals(ka, kb);
        assertNotEquals(Arrays.toString(ka), Arrays.toString(ra.key()), "fresh ephemeral keys give a fresh key");
        assertThrows(IllegalStateException.class, () -> a2.agree(bob.publicKey(), b2.ephemeralPublicKey(), idB, 48));
    }

    /** The Z a key remembers is the Z of the ID asked for, whatever was asked before, and callers get copies. */
    @Test
    void rememberedZFollowsTheUserId() {
        byte[] id1 = "first".getBytes(StandardCharsets.US_ASCII);
        byte[] id2 = "second".getBytes(StandardCharsets.US_ASCII);
        Sm2PublicKey fresh1 = Sm2PublicKey.fromEncoded(alice.publicKey().encoded());
        Sm2PublicKey fresh2 = Sm2PublicKey.fromEncoded(alice.publicKey().encoded());
        byte[] z1 = sm2.z(fresh1, id1);
        byte[] z2 = sm2.z(fresh2, id2);
        assertFalse(Arrays.equals(z1, z2));
        Sm2PublicKey key = Sm2PublicKey.fromEncoded(alice.publicKey().encoded());
        byte[] first = sm2.z(key, id1);
        assertArrayEquals(z1, first);
        first[0] ^= 1; // a caller changing its copy changes nothing remembered
        assertArrayEquals(z1, sm2.z(key, id1));
        assertArrayEquals(z2, sm2.z(key, id2));
        assertArrayEquals(z1, sm2.z(key, id1));
        byte[] idCopy = id1.clone();
        assertArrayEquals(z1, sm2.z(key, idCopy));
        idCopy[0] ^= 1; // nor does changing the ID array afterwards
        assertArrayEquals(z1, sm2.z(key, id1));
    }

    /**
     * Our key exchange (static point and Z from the key, U by BC's sumOfTwoMultipliesSecret) against Bouncy Castle's
     * own SM2KeyExchange with the same static and ephemeral keys: the same key, S_B and S_A for both roles, for random
     * keys, user IDs (empty to long) and key lengths that end inside and on a hash block.
     */
    @Test
    void keyExchangeMatchesBouncyCastlesSm2KeyExchange() {
        java.security.SecureRandom random = module.random();
        for (int i = 0; i < 24; i++) {
            Sm2KeyPair a = sm2.generateKeyPair();
            Sm2KeyPair b = sm2.generateKeyPair();
            byte[] idA = new byte[i % 4 == 0 ? 16 : random.nextInt(40)];
            byte[] idB = new byte[random.nextInt(40)];
            random.nextBytes(idA);
            random.nextBytes(idB);
            int keyLength = new int[] {16, 32, 48, 1, 100}[i % 5];
            byte[] rA = sm2.generateKeyPair().privateKey().scalarBytes();
            byte[] rB = sm2.generateKeyPair().privateKey().scalarBytes();

            Sm2KeyExchange ours = sm2.keyExchange(Sm2KeyExchange.Role.RESPONDER, b.privateKey(), idB,
                    Sm2PrivateKey.fromScalar(rB));
            Sm2PublicKey rAPublic = Sm2PrivateKey.fromScalar(rA).publicKey();
            Sm2KeyExchange.ResponderResult rb = ours.respondWithConfirmation(a.publicKey(), rAPublic, idA, keyLength);
            byte[][] bcB = bcExchange(false, b, rB, idB, a.publicKey(), rAPublic, idA, keyLength, null);
            assertArrayEquals(bcB[0], rb.key(), "responder key " + i);
            assertArrayEquals(bcB[1], rb.confirmation(), "S_B " + i);
            assertArrayEquals(bcB[2], rb.expectedInitiatorConfirmation(), "expected S_A " + i);

            Sm2KeyExchange oursA = sm2.keyExchange(Sm2KeyExchange.Role.INITIATOR, a.privateKey(), idA,
                    Sm2PrivateKey.fromScalar(rA));
            assertEquals(rAPublic, oursA.ephemeralPublicKey());
            Sm2KeyExchange.InitiatorResult ra = oursA.initiateWithConfirmation(b.publicKey(), ours.ephemeralPublicKey(),
                    idB, keyLength, rb.confirmation());
            byte[][] bcA = bcExchange(true, a, rA, idA, b.publicKey(), ours.ephemeralPublicKey(), idB, keyLength,
                    rb.confirmation());
            assertArrayEquals(bcA[0], ra.key(), "initiator key " + i);
            assertArrayEquals(bcA[1], ra.confirmation(), "S_A " + i);
            rb.verifyInitiatorConfirmation(ra.confirmation());

            // and without confirmation, as TLCP runs it
            byte[] plain = sm2.keyExchange(Sm2KeyExchange.Role.INITIATOR, a.privateKey(), idA,
                    Sm2PrivateKey.fromScalar(rA)).agree(b.publicKey(), ours.ephemeralPublicKey(), idB, keyLength);
            assertArrayEquals(bcA[0], plain, "key without confirmation " + i);
        }
    }

    /** BC's SM2KeyExchange: {key, confirmation sent, (responder) confirmation expected}. */
    private static byte[][] bcExchange(boolean initiator, Sm2KeyPair own, byte[] ephemeral, byte[] ownId,
            Sm2PublicKey peerStatic, Sm2PublicKey peerEphemeral, byte[] peerId, int keyLength, byte[] sB) {
        org.bouncycastle.crypto.agreement.SM2KeyExchange bc = new org.bouncycastle.crypto.agreement.SM2KeyExchange();
        bc.init(new org.bouncycastle.crypto.params.ParametersWithID(
                new org.bouncycastle.crypto.params.SM2KeyExchangePrivateParameters(initiator, own.privateKey().toBc(),
                        Sm2PrivateKey.fromScalar(ephemeral).toBc()), ownId));
        return bc.calculateKeyWithConfirmation(keyLength * 8, sB,
                new org.bouncycastle.crypto.params.ParametersWithID(
                        new org.bouncycastle.crypto.params.SM2KeyExchangePublicParameters(peerStatic.toBc(),
                                peerEphemeral.toBc()), peerId));
    }

    @Test
    void aWrongResponderConfirmationStopsTheInitiator() {
        Sm2KeyPair bob = sm2.generateKeyPair();
        byte[] id = Sm2.defaultUserId();
        Sm2KeyExchange a = sm2.keyExchange(Sm2KeyExchange.Role.INITIATOR, alice.privateKey(), id);
        Sm2KeyExchange b = sm2.keyExchange(Sm2KeyExchange.Role.RESPONDER, bob.privateKey(), id);
        byte[] sb = b.respondWithConfirmation(alice.publicKey(), a.ephemeralPublicKey(), id, 16).confirmation();
        sb[31] ^= 1;
        assertThrows(Sm2KeyExchange.KeyConfirmationException.class,
                () -> a.initiateWithConfirmation(bob.publicKey(), b.ephemeralPublicKey(), id, 16, sb));
        Sm2KeyExchange wrongRole = sm2.keyExchange(Sm2KeyExchange.Role.INITIATOR, alice.privateKey(), id);
        assertThrows(IllegalStateException.class,
                () -> wrongRole.respondWithConfirmation(bob.publicKey(), b.ephemeralPublicKey(), id, 16));
    }

    @Test
    void sameSeedSameKeys() {
        byte[] a = TestModules.deterministic("seed-x").sm2().generateKeyPair().publicKey().encoded();
        byte[] b = TestModules.deterministic("seed-x").sm2().generateKeyPair().publicKey().encoded();
        byte[] c = TestModules.deterministic("seed-y").sm2().generateKeyPair().publicKey().encoded();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void userIdsLongerThanEntlAllowsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> sm2.sign(alice.privateKey(), message, new byte[Sm2.MAX_USER_ID_LENGTH + 1]));
        byte[] sig = sm2.sign(alice.privateKey(), message, new byte[Sm2.MAX_USER_ID_LENGTH]);
        assertTrue(sm2.verify(alice.publicKey(), message, sig, new byte[Sm2.MAX_USER_ID_LENGTH]));
    }

    @Test
    void anErrorStateModuleRefusesEverySm2Operation() {
        CryptoModule broken = TestModules.deterministic("broken");
        Sm2 s = broken.sm2();
        Sm2KeyPair pair = s.generateKeyPair();
        byte[] sig = s.sign(pair.privateKey(), message);
        byte[] ct = s.encrypt(pair.publicKey(), message);
        broken.enterError("test");
        assertThrows(CryptoModuleErrorException.class, s::generateKeyPair);
        assertThrows(CryptoModuleErrorException.class, () -> s.sign(pair.privateKey(), message));
        assertThrows(CryptoModuleErrorException.class, () -> s.verify(pair.publicKey(), message, sig));
        assertThrows(CryptoModuleErrorException.class, () -> s.encrypt(pair.publicKey(), message));
        assertThrows(CryptoModuleErrorException.class, () -> s.decrypt(pair.privateKey(), ct));
        assertThrows(CryptoModuleErrorException.class,
                () -> s.keyExchange(Sm2KeyExchange.Role.INITIATOR, pair.privateKey(), Sm2.defaultUserId()));
    }

    // --- DER helpers for hand-made encodings ---

    private static byte[] derSignature(byte[] raw, boolean padR) {
        byte[] r = integer(padR ? concat(new byte[] {0, 0}, Arrays.copyOf(raw, 32)) : minimal(Arrays.copyOf(raw, 32)));
        byte[] s = integer(minimal(Arrays.copyOfRange(raw, 32, 64)));
        return tlv(0x30, concat(r, s));
    }

    private static byte[] sm2Cipher(byte[] xInt, byte[] yInt, byte[] raw) {
        byte[] hash = tlv(0x04, Arrays.copyOfRange(raw, 65, 97));
        byte[] c2 = tlv(0x04, Arrays.copyOfRange(raw, 97, raw.length));
        return tlv(0x30, concat(concat(xInt, yInt), concat(hash, c2)));
    }

    private static byte[] minimal(byte[] unsigned) {
        return new BigInteger(1, unsigned).toByteArray();
    }

    private static byte[] integer(byte[] content) {
        return tlv(0x02, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        byte[] len = content.length < 0x80 ? new byte[] {(byte) content.length}
                : new byte[] {(byte) 0x81, (byte) content.length};
        return concat(concat(new byte[] {(byte) tag}, len), content);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
