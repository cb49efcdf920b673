package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CBC, CTR and GCM against Bouncy Castle's CBCBlockCipher, SICBlockCipher and GCMBlockCipher over the same SM4
 * engine, on random keys, IVs, lengths 0..200, additional data and nonce lengths, for each output placement. A fixed
 * seed per placement keeps failures reproducible.
 */
class Sm4CrossCheckTest {
    private static final int ROUNDS = 300;
    private final CryptoModule module = TestModules.deterministic("sm4-cross-check");

    @ParameterizedTest
    @EnumSource(Placement.class)
    void cbcMatchesBouncyCastle(Placement placement) {
        Random random = new Random(1000 + placement.ordinal());
        for (int round = 0; round < ROUNDS; round++) {
            byte[] key = bytes(random, 16);
            byte[] iv = bytes(random, 16);
            byte[] plaintext = bytes(random, random.nextInt(201) & ~15);
            // every other round through the one-direction objects a record layer uses
            boolean split = round % 2 == 1;
            Sm4Cbc encryptor = split ? module.sm4().cbcEncryptor(key) : module.sm4().cbc(key);
            Sm4Cbc decryptor = split ? module.sm4().cbcDecryptor(key) : encryptor;
            String where = placement + " round " + round + " length " + plaintext.length;

            byte[] expected = BouncyCastleModes.cbc(true, key, iv, plaintext);
            byte[] ciphertext = placement.run((in, inOff, len, out, outOff) ->
                    encryptor.encrypt(iv, 0, in, inOff, len, out, outOff), plaintext, plaintext.length, random);
            assertArrayEquals(expected, ciphertext, where);
            assertArrayEquals(plaintext, placement.run((in, inOff, len, out, outOff) ->
                    decryptor.decrypt(iv, 0, in, inOff, len, out, outOff), ciphertext, ciphertext.length, random),
                    where);
        }
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void cbcPkcs7MatchesBouncyCastle(Placement placement) {
        Random random = new Random(2000 + placement.ordinal());
        for (int round = 0; round < ROUNDS; round++) {
            byte[] key = bytes(random, 16);
            byte[] iv = bytes(random, 16);
            byte[] plaintext = bytes(random, random.nextInt(201));
            Sm4Cbc cbc = module.sm4().cbc(key);
            String where = placement + " round " + round + " length " + plaintext.length;

            byte[] expected = BouncyCastleModes.cbcPkcs7(true, key, iv, plaintext);
            byte[] ciphertext = placement.run((in, inOff, len, out, outOff) ->
                    cbc.encryptPkcs7(iv, 0, in, inOff, len, out, outOff), plaintext, expected.length, random);
            assertArrayEquals(expected, ciphertext, where);
            assertArrayEquals(plaintext, placement.run((in, inOff, len, out, outOff) ->
                    cbc.decryptPkcs7(iv, 0, in, inOff, len, out, outOff), ciphertext, plaintext.length,
                    ciphertext.length - 1, random), where);
        }
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void ctrMatchesBouncyCastle(Placement placement) {
        Random random = new Random(3000 + placement.ordinal());
        for (int round = 0; round < ROUNDS; round++) {
            byte[] key = bytes(random, 16);
            byte[] counterBlock = bytes(random, 16);
            // often end the counter in 0xff bytes, so that the carry runs across byte, word and half boundaries
            int trailingOnes = random.nextBoolean() ? random.nextInt(17) : 0;
            for (int i = 0; i < trailingOnes; i++) {
                counterBlock[15 - i] = (byte) 0xff;
            }
            byte[] plaintext = bytes(random, random.nextInt(201));
            Sm4Ctr ctr = module.sm4().ctr(key);
            String where = placement + " round " + round + " length " + plaintext.length;

            byte[] expected = BouncyCastleModes.ctr(key, counterBlock, plaintext);
            byte[] ciphertext = placement.run((in, inOff, len, out, outOff) ->
                    ctr.encrypt(counterBlock, 0, in, inOff, len, out, outOff), plaintext, plaintext.length, random);
            assertArrayEquals(expected, ciphertext, where);
            assertArrayEquals(plaintext, placement.run((in, inOff, len, out, outOff) ->
                    ctr.decrypt(counterBlock, 0, in, inOff, len, out, outOff), ciphertext, plaintext.length, random),
                    where);
        }
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void gcmMatchesBouncyCastle(Placement placement) {
        Random random = new Random(4000 + placement.ordinal());
        for (int round = 0; round < ROUNDS; round++) {
            byte[] key = bytes(random, 16);
            // half the rounds on the 12-byte fast path, the rest on nonces of 1..40 bytes hashed into J0
            byte[] nonce = bytes(random, random.nextBoolean() ? Sm4Gcm.NONCE_LENGTH : 1 + random.nextInt(40));
            byte[] aad = bytes(random, random.nextInt(60));
            byte[] plaintext = bytes(random, random.nextInt(201));
            Sm4Gcm gcm = module.sm4().gcm(key);
            String where = placement + " round " + round + " nonce " + nonce.length + " aad " + aad.length
                    + " length " + plaintext.length;

            byte[] expected = BouncyCastleModes.gcm(true, key, nonce, aad, plaintext);
            byte[] sealed = placement.run((in, inOff, len, out, outOff) ->
                    gcm.seal(nonce, aad, in, inOff, len, out, outOff), plaintext, expected.length, random);
            assertArrayEquals(expected, sealed, where);
            assertArrayEquals(plaintext, placement.run((in, inOff, len, out, outOff) ->
                    gcm.open(nonce, aad, in, inOff, len, out, outOff), sealed, plaintext.length, random), where);
            assertArrayEquals(plaintext, BouncyCastleModes.gcm(false, key, nonce, aad, sealed), where);
        }
    }

    private static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
