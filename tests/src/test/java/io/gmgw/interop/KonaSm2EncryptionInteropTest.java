package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.tencent.kona.crypto.util.SM2Ciphertext;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import javax.crypto.BadPaddingException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SM2 encryption between gm-crypto and kona-crypto, both ways. Kona's cipher speaks only GM/T 0009 DER C1C3C2 (as
 * gm-crypto's default); the raw layouts of {@link Sm2CiphertextFormat} are checked through Kona's own, independent
 * converter {@code SM2Ciphertext}.
 */
class KonaSm2EncryptionInteropTest {
    private static final int[] EDGE_LENGTHS = {1, 2, 31, 32, 33, 63, 64, 65, 100, 255, 1000, 4000};

    private static CryptoModule module;
    private static KonaPeer kona;
    private static List<KonaSm2Key> keys;

    @BeforeAll
    static void start() throws GeneralSecurityException {
        module = TestModules.deterministic("interop-kona-sm2-encryption");
        kona = new KonaPeer(TestModules.deterministic("interop-kona-sm2-encryption-peer").random());
        keys = KonaSm2Key.fromBothSides(kona, module, 3);
    }

    @Test
    void oursAreDecryptedByKona() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm2-encrypt-ours");
        for (int i = 0; i < 40; i++) {
            KonaSm2Key key = keys.get(i % keys.size());
            byte[] plaintext = cases.bytes(plaintextLength(i, cases));
            byte[] ciphertext = module.sm2().encrypt(key.publicKey(), plaintext);
            assertArrayEquals(plaintext, kona.decrypt(key.konaPrivate(), ciphertext),
                    cases.where(i, plaintext.length + "-byte plaintext, " + key.describe()));
        }
    }

    @Test
    void konasAreDecryptedByOurs() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm2-encrypt-theirs");
        for (int i = 0; i < 40; i++) {
            KonaSm2Key key = keys.get(i % keys.size());
            byte[] plaintext = cases.bytes(plaintextLength(i, cases));
            byte[] ciphertext = kona.encrypt(key.konaPublic(), plaintext);
            String where = cases.where(i, plaintext.length + "-byte plaintext, " + key.describe()
                    + ", Kona's ciphertext " + HexFormat.of().formatHex(ciphertext));
            Sm2Der.Ciphertext parts = Sm2Der.ciphertext(ciphertext);
            assertEquals(32, parts.hash().length, where);
            assertEquals(plaintext.length, parts.cipherText().length, where);
            assertArrayEquals(plaintext, module.sm2().decrypt(key.privateKey(), ciphertext), where);
        }
    }

    /** gm-crypto's raw layouts against Kona's converter: both raw orders, both directions. */
    @Test
    void rawLayoutsAgreeWithKonasConverter() throws GeneralSecurityException, IOException {
        RandomCases cases = RandomCases.of("kona-sm2-encrypt-raw");
        for (int i = 0; i < 20; i++) {
            KonaSm2Key key = keys.get(i % keys.size());
            byte[] plaintext = cases.bytes(plaintextLength(i, cases));
            String where = cases.where(i, plaintext.length + "-byte plaintext, " + key.describe());

            byte[] oursC1C3C2 = module.sm2().encrypt(key.publicKey(), plaintext, Sm2CiphertextFormat.RAW_C1C3C2);
            byte[] oursC1C2C3 = module.sm2().encrypt(key.publicKey(), plaintext, Sm2CiphertextFormat.RAW_C1C2C3);
            assertArrayEquals(plaintext, kona.decrypt(key.konaPrivate(),
                    konaConvert(oursC1C3C2, SM2Ciphertext.Format.RAW_C1C3C2).derC1C3C2()), "our raw C1C3C2, " + where);
            assertArrayEquals(plaintext, kona.decrypt(key.konaPrivate(),
                    konaConvert(oursC1C2C3, SM2Ciphertext.Format.RAW_C1C2C3).derC1C3C2()), "our raw C1C2C3, " + where);

            byte[] theirs = kona.encrypt(key.konaPublic(), plaintext);
            SM2Ciphertext converted = konaConvert(theirs, SM2Ciphertext.Format.DER_C1C3C2);
            assertArrayEquals(plaintext, module.sm2().decrypt(key.privateKey(), converted.rawC1C3C2(),
                    Sm2CiphertextFormat.RAW_C1C3C2), "Kona's as raw C1C3C2, " + where);
            assertArrayEquals(plaintext, module.sm2().decrypt(key.privateKey(), converted.rawC1C2C3(),
                    Sm2CiphertextFormat.RAW_C1C2C3), "Kona's as raw C1C2C3, " + where);
        }
    }

    @Test
    void konaRejectsRawCiphertexts() throws GeneralSecurityException {
        KonaSm2Key key = keys.get(0);
        byte[] raw = module.sm2().encrypt(key.publicKey(), new byte[] {1, 2, 3}, Sm2CiphertextFormat.RAW_C1C3C2);
        assertThrows(BadPaddingException.class, () -> kona.decrypt(key.konaPrivate(), raw),
                "Kona accepts only DER; if this changes, update KonaPeer's notes");
    }

    @Test
    void alteredCiphertextsAndWrongKeysAreRejectedBothWays() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm2-encrypt-negative");
        for (int i = 0; i < 20; i++) {
            KonaSm2Key key = keys.get(i % keys.size());
            KonaSm2Key otherKey = keys.get((i + 1) % keys.size());
            byte[] plaintext = cases.bytes(cases.between(1, 300));
            String where = cases.where(i, plaintext.length + "-byte plaintext, " + key.describe());

            // One bit flipped anywhere — framing, C1, C3 or C2 — must be refused; except that Kona ignores the element
            // tags (see konaIgnoresTheElementTagsOfTheCiphertext), so those bytes are not flipped for it.
            byte[] ours = module.sm2().encrypt(key.publicKey(), plaintext);
            List<Integer> tags = Arrays.stream(Sm2Der.ciphertextTagOffsets(ours)).boxed().toList();
            int drawn = cases.index(ours.length);
            int at = tags.contains(drawn) ? drawn + 1 : drawn;
            byte[] oursAltered = flip(ours, at);
            assertThrows(GeneralSecurityException.class, () -> kona.decrypt(key.konaPrivate(), oursAltered),
                    "ours with byte " + at + " altered, " + where);
            assertThrows(GeneralSecurityException.class, () -> kona.decrypt(otherKey.konaPrivate(), ours),
                    "ours under another key, " + where);

            byte[] theirs = kona.encrypt(key.konaPublic(), plaintext);
            int at2 = cases.index(theirs.length);
            assertThrows(BadCiphertextException.class, () -> module.sm2().decrypt(key.privateKey(), flip(theirs, at2)),
                    "Kona's with byte " + at2 + " altered, " + where);
            assertThrows(BadCiphertextException.class, () -> module.sm2().decrypt(otherKey.privateKey(), theirs),
                    "Kona's under another key, " + where);
        }
    }

    /**
     * A discrepancy found by these tests: kona-crypto 1.0.19 reads the four elements of the GM/T 0009 SEQUENCE without
     * checking their tags (INTEGER, INTEGER, OCTET STRING, OCTET STRING), so a ciphertext with, say, C2 tagged NULL
     * still decrypts. gm-crypto (like OpenSSL) refuses it. The Kona half pins its behaviour: if a later Kona checks
     * the tags, this test fails and the exception above can go.
     */
    @Test
    void konaIgnoresTheElementTagsOfTheCiphertext() throws GeneralSecurityException {
        KonaSm2Key key = keys.get(0);
        byte[] plaintext = "element tags".getBytes(StandardCharsets.US_ASCII);
        byte[] ours = module.sm2().encrypt(key.publicKey(), plaintext);
        byte[] theirs = kona.encrypt(key.konaPublic(), plaintext);
        for (byte[] valid : List.of(ours, theirs)) {
            int[] tags = Sm2Der.ciphertextTagOffsets(valid);
            for (int element = 0; element < 4; element++) {
                for (int wrongTag : new int[] {0x05, element < 2 ? 0x04 : 0x02}) {
                    byte[] altered = valid.clone();
                    altered[tags[element]] = (byte) wrongTag;
                    String where = "element " + element + " tagged " + Integer.toHexString(wrongTag) + " in "
                            + HexFormat.of().formatHex(altered);
                    assertThrows(BadCiphertextException.class, () -> module.sm2().decrypt(key.privateKey(), altered),
                            "gm-crypto must refuse " + where);
                    assertArrayEquals(plaintext, kona.decrypt(key.konaPrivate(), altered),
                            "Kona 1.0.19 ignored element tags; has it changed? " + where);
                }
            }
        }
    }

    /** C1 coordinates with a short DER INTEGER or a leading zero byte, written by each side, read by the other. */
    @Test
    void shortAndLongCoordinatesAreReadBothWays() throws GeneralSecurityException {
        KonaSm2Key key = keys.get(1);
        byte[] plaintext = HexFormat.of().parseHex("00ff00ff");
        List<Predicate<Sm2Der.Ciphertext>> shapes = List.of(
                c -> c.x().bitLength() <= 248 || c.y().bitLength() <= 248,
                c -> c.x().bitLength() == 256 && c.y().bitLength() == 256);
        for (int shape = 0; shape < shapes.size(); shape++) {
            byte[] ours = null;
            byte[] theirs = null;
            for (int attempt = 0; attempt < 5_000 && (ours == null || theirs == null); attempt++) {
                if (ours == null) {
                    byte[] c = module.sm2().encrypt(key.publicKey(), plaintext);
                    ours = shapes.get(shape).test(Sm2Der.ciphertext(c)) ? c : null;
                }
                if (theirs == null) {
                    byte[] c = kona.encrypt(key.konaPublic(), plaintext);
                    theirs = shapes.get(shape).test(Sm2Der.ciphertext(c)) ? c : null;
                }
            }
            if (ours == null || theirs == null) {
                fail("no ciphertext of shape " + shape + " in 5000 attempts");
            }
            assertArrayEquals(plaintext, kona.decrypt(key.konaPrivate(), ours), "shape " + shape + ", ours "
                    + HexFormat.of().formatHex(ours));
            assertArrayEquals(plaintext, module.sm2().decrypt(key.privateKey(), theirs), "shape " + shape
                    + ", Kona's " + HexFormat.of().formatHex(theirs));
        }
    }

    private static SM2Ciphertext konaConvert(byte[] encoded, SM2Ciphertext.Format format) throws IOException {
        return SM2Ciphertext.builder().format(format).encodedCiphertext(encoded).build();
    }

    private static byte[] flip(byte[] a, int at) {
        byte[] out = a.clone();
        out[at] ^= 0x01;
        return out;
    }

    private static int plaintextLength(int i, RandomCases cases) {
        return i < EDGE_LENGTHS.length ? EDGE_LENGTHS[i] : cases.between(1, 2000);
    }
}
