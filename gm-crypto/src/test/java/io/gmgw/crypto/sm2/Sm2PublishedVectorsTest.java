package io.gmgw.crypto.sm2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.Vectors;
import io.gmgw.crypto.selftest.FixedRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The published SM2 examples: GB/T 32918.5 on the recommended curve, and the self-tests' test-curve examples (the
 * self-tests themselves run in Sm2SelfTestsTest).
 */
class Sm2PublishedVectorsTest {
    private final CryptoModule module = TestModules.deterministic("sm2-vectors");
    private final Sm2 sm2 = module.sm2();
    private final Properties v = Vectors.properties("sm2/gbt32918-5-recommended-curve.properties");
    private final Sm2PrivateKey key = Sm2PrivateKey.fromScalar(Vectors.hex(v, "d"));

    @Test
    void recommendedCurveKeyZAndE() {
        assertArrayEquals(Vectors.hex(v, "public"), key.publicKey().encoded());
        byte[] id = Sm2.defaultUserId();
        assertArrayEquals(Vectors.hex(v, "sign.z"), sm2.z(key.publicKey(), id));
        assertArrayEquals(Vectors.hex(v, "sign.e"), sm2.signingDigest(key.publicKey(), id, Vectors.hex(v, "sign.message")));
    }

    @Test
    void recommendedCurveSignatureWithFixedK() {
        byte[] der = sm2.sign(key, Vectors.hex(v, "sign.message"), Sm2.defaultUserId(), new FixedRandom(Vectors.hex(v, "k")));
        byte[] raw = Sm2Signatures.derToRaw(der);
        assertArrayEquals(Vectors.hex(v, "sign.r"), Arrays.copyOf(raw, 32));
        assertArrayEquals(Vectors.hex(v, "sign.s"), Arrays.copyOfRange(raw, 32, 64));
        assertTrue(sm2.verify(key.publicKey(), Vectors.hex(v, "sign.message"), der));
    }

    @Test
    void recommendedCurveEncryptionWithFixedK() {
        byte[] message = Vectors.hex(v, "enc.message");
        byte[] ct = sm2.encrypt(key.publicKey(), message, Sm2CiphertextFormat.RAW_C1C3C2, new FixedRandom(Vectors.hex(v, "k")));
        byte[] c1 = Vectors.hex(v, "enc.c1");
        byte[] c3 = Vectors.hex(v, "enc.c3");
        byte[] c2 = Vectors.hex(v, "enc.c2");
        assertArrayEquals(c1, Arrays.copyOf(ct, 65));
        assertArrayEquals(c3, Arrays.copyOfRange(ct, 65, 97));
        assertArrayEquals(c2, Arrays.copyOfRange(ct, 97, ct.length));
        assertArrayEquals(message, sm2.decrypt(key, ct, Sm2CiphertextFormat.RAW_C1C3C2));

        // OpenSSL's GM/T 0009 encoding of the same ciphertext: y starts with 0xE8, so its INTEGER needs a 0x00 pad.
        byte[] der = sm2.encrypt(key.publicKey(), message, Sm2CiphertextFormat.DER_C1C3C2, new FixedRandom(Vectors.hex(v, "k")));
        String hex = HexFormat.of().formatHex(der);
        assertTrue(hex.startsWith("307c022004ebfc71"), hex);
        assertTrue(hex.contains("022100e858f9d8"), hex);
        assertEquals(0x7c + 2, der.length);
    }

    @Test
    void theTestCurveExampleKeysGiveThePrintedPublicKeys() {
        // GB/T 32918.4 A.2: d_B and P_B = (x_B, y_B)
        Sm2PrivateKey dB = Sm2PrivateKey.fromScalar(Sm2Domain.GMT0003_TEST_CURVE,
                HexFormat.of().parseHex("1649ab77a00637bd5e2efe283fbf353534aa7f7cb89463f208ddbc2920bb0da0"));
        assertEquals("04" + "435b39cca8f3b508c1488afc67be491a0f7ba07e581a0e4849a5cf70628a7e0a"
                + "75ddba78f15feecb4c7895e2c1cdf5fe01debb2cdbadf45399ccf77bba076a42",
                HexFormat.of().formatHex(dB.publicKey().encoded()));
        // GB/T 32918.2 A.2: d_A and P_A = (x_A, y_A)
        Sm2PrivateKey dA = Sm2PrivateKey.fromScalar(Sm2Domain.GMT0003_TEST_CURVE,
                HexFormat.of().parseHex("128b2fa8bd433c6c068c8d803dff79792a519a55171b1b650c23661d15897263"));
        assertEquals("04" + "0ae4c7798aa0f119471bee11825be46202bb79e2a5844495e97c04ff4df2548a"
                + "7c0240f88f1cd4e16352a73c17b7f16f07353e53a176d684a9fe0c6bb798e857",
                HexFormat.of().formatHex(dA.publicKey().encoded()));
    }
}
