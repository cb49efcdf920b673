package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SM2 public-key encryption (GB/T 32918.4) between gm-crypto and the OpenSSL 3 CLI, both ways. OpenSSL reads and
 * writes only the GM/T 0009 DER C1C3C2 encoding, gm-crypto's default ({@link Sm2CiphertextFormat#DER_C1C3C2}).
 */
class OpenSslSm2EncryptionInteropTest {
    /** One byte, around the 32-byte KDF block and SM3's 64-byte block, and well beyond. */
    private static final int[] EDGE_LENGTHS = {1, 2, 31, 32, 33, 63, 64, 65, 100, 255, 1000, 4000};
    private static final int CASES = 20;

    @TempDir
    static Path dir;
    private static OpenSslCli openssl;
    private static CryptoModule module;
    private static List<OpenSslSm2Key> keys;

    @BeforeAll
    static void requireOpenSsl() {
        openssl = OpenSslCli.require(dir);
        module = TestModules.deterministic("interop-openssl-sm2-encryption");
        keys = OpenSslSm2Key.fromBothSides(openssl, module, 2);
    }

    @Test
    void oursAreDecryptedByOpenSsl() {
        RandomCases cases = RandomCases.of("openssl-sm2-encrypt-ours");
        for (int i = 0; i < CASES; i++) {
            OpenSslSm2Key key = keys.get(i % keys.size());
            byte[] plaintext = cases.bytes(plaintextLength(i, cases));
            byte[] ciphertext = i % 2 == 0 ? module.sm2().encrypt(key.publicKey(), plaintext)
                    : module.sm2().encrypt(key.publicKey(), plaintext, Sm2CiphertextFormat.DER_C1C3C2);
            String where = cases.where(i, plaintext.length + "-byte plaintext, " + key.describe());
            assertEquals(plaintext.length, Sm2Der.ciphertext(ciphertext).cipherText().length, where);
            assertArrayEquals(plaintext, opensslDecrypts(key, ciphertext), where);
        }
    }

    @Test
    void openSslsAreDecryptedByOurs() {
        RandomCases cases = RandomCases.of("openssl-sm2-encrypt-theirs");
        for (int i = 0; i < CASES; i++) {
            OpenSslSm2Key key = keys.get(i % keys.size());
            byte[] plaintext = cases.bytes(plaintextLength(i, cases));
            byte[] ciphertext = opensslEncrypts(key, plaintext);
            String where = cases.where(i, plaintext.length + "-byte plaintext, " + key.describe()
                    + ", OpenSSL's ciphertext " + HexFormat.of().formatHex(ciphertext));
            // What OpenSSL writes: strict DER, 32-byte C3, C2 as long as the plaintext.
            Sm2Der.Ciphertext parts = Sm2Der.ciphertext(ciphertext);
            assertEquals(32, parts.hash().length, where);
            assertEquals(plaintext.length, parts.cipherText().length, where);
            assertArrayEquals(plaintext, module.sm2().decrypt(key.privateKey(), ciphertext), where);
            assertArrayEquals(plaintext, module.sm2().decrypt(key.privateKey(), ciphertext,
                    Sm2CiphertextFormat.DER_C1C3C2), where);
        }
    }

    @Test
    void alteredCiphertextsAndWrongKeysAreRejectedBothWays() {
        RandomCases cases = RandomCases.of("openssl-sm2-encrypt-negative");
        for (int i = 0; i < 6; i++) {
            OpenSslSm2Key key = keys.get(i % keys.size());
            OpenSslSm2Key otherKey = keys.get((i + 1) % keys.size());
            byte[] plaintext = cases.bytes(cases.between(1, 200));
            String where = cases.where(i, plaintext.length + "-byte plaintext, " + key.describe());

            byte[] ours = module.sm2().encrypt(key.publicKey(), plaintext);
            assertOpenSslRejects(key, alterLastByte(ours), "ours with C2 altered, " + where);
            assertOpenSslRejects(key, alterHash(ours), "ours with C3 altered, " + where);
            assertOpenSslRejects(otherKey, ours, "ours under another key, " + where);

            byte[] theirs = opensslEncrypts(key, plaintext);
            assertThrows(BadCiphertextException.class,
                    () -> module.sm2().decrypt(key.privateKey(), alterLastByte(theirs)), "OpenSSL's, C2 altered, " + where);
            assertThrows(BadCiphertextException.class,
                    () -> module.sm2().decrypt(key.privateKey(), alterHash(theirs)), "OpenSSL's, C3 altered, " + where);
            assertThrows(BadCiphertextException.class,
                    () -> module.sm2().decrypt(otherKey.privateKey(), theirs), "OpenSSL's under another key, " + where);
        }
    }

    /** The element tags of the GM/T 0009 SEQUENCE are checked by both (kona-crypto 1.0.19 ignores them). */
    @Test
    void alteredElementTagsAreRefusedBothWays() {
        OpenSslSm2Key key = keys.get(1);
        byte[] plaintext = "element tags".getBytes(StandardCharsets.US_ASCII);
        byte[] ours = module.sm2().encrypt(key.publicKey(), plaintext);
        byte[] theirs = opensslEncrypts(key, plaintext);
        int[] ourTags = Sm2Der.ciphertextTagOffsets(ours);
        int[] theirTags = Sm2Der.ciphertextTagOffsets(theirs);
        for (int element = 0; element < 4; element++) {
            int wrongTag = element < 2 ? 0x04 : 0x05;
            byte[] oursAltered = ours.clone();
            oursAltered[ourTags[element]] = (byte) wrongTag;
            assertOpenSslRejects(key, oursAltered, "ours with element " + element + " tagged " + wrongTag);
            byte[] theirsAltered = theirs.clone();
            theirsAltered[theirTags[element]] = (byte) wrongTag;
            assertThrows(BadCiphertextException.class, () -> module.sm2().decrypt(key.privateKey(), theirsAltered),
                    "OpenSSL's with element " + element + " tagged " + wrongTag);
        }
    }

    /**
     * About 1 in 128 ciphertexts has a C1 coordinate below 2^248, whose DER INTEGER is shorter than 32 bytes; about 1
     * in 4 has both coordinates with the top bit set (33-byte INTEGERs). OpenSSL must read ours of either shape.
     */
    @Test
    void shortAndLongCoordinatesInOurCiphertextsAreReadByOpenSsl() {
        OpenSslSm2Key key = keys.get(0);
        byte[] plaintext = HexFormat.of().parseHex("00ff00ff");
        List<Predicate<Sm2Der.Ciphertext>> shapes = List.of(
                c -> c.x().bitLength() <= 248 || c.y().bitLength() <= 248,
                c -> c.x().bitLength() == 256 && c.y().bitLength() == 256);
        for (int shape = 0; shape < shapes.size(); shape++) {
            byte[] ciphertext = encryptUntil(key, plaintext, shapes.get(shape));
            assertArrayEquals(plaintext, opensslDecrypts(key, ciphertext), "shape " + shape + ", ciphertext "
                    + HexFormat.of().formatHex(ciphertext));
        }
    }

    private static byte[] encryptUntil(OpenSslSm2Key key, byte[] plaintext, Predicate<Sm2Der.Ciphertext> wanted) {
        for (int attempt = 0; attempt < 5_000; attempt++) {
            byte[] ciphertext = module.sm2().encrypt(key.publicKey(), plaintext);
            if (wanted.test(Sm2Der.ciphertext(ciphertext))) {
                return ciphertext;
            }
        }
        return fail("no ciphertext of the wanted shape in 5000 attempts");
    }

    private static int plaintextLength(int i, RandomCases cases) {
        return i < EDGE_LENGTHS.length ? EDGE_LENGTHS[i] : cases.between(1, 2000);
    }

    private static byte[] alterLastByte(byte[] der) {
        byte[] out = der.clone();
        out[out.length - 1] ^= 0x01;
        return out;
    }

    /** Flips a bit of C3, whose 32 bytes sit just before C2's tag and length. */
    private static byte[] alterHash(byte[] der) {
        Sm2Der.Ciphertext parts = Sm2Der.ciphertext(der);
        int c2Header = parts.cipherText().length < 128 ? 2 : parts.cipherText().length < 256 ? 3 : 4;
        int hashEnd = der.length - parts.cipherText().length - c2Header;
        byte[] out = der.clone();
        out[hashEnd - 1] ^= 0x01;
        assertNotEquals(parts.hash()[31], Sm2Der.ciphertext(out).hash()[31], "alterHash missed C3");
        return out;
    }

    private static byte[] opensslEncrypts(OpenSslSm2Key key, byte[] plaintext) {
        return openssl.run("pkeyutl", "-encrypt", "-pubin", "-inkey", key.publicPem().toString(),
                "-in", openssl.input("plaintext", plaintext).toString());
    }

    private static byte[] opensslDecrypts(OpenSslSm2Key key, byte[] ciphertext) {
        return openssl.run("pkeyutl", "-decrypt", "-inkey", key.privatePem().toString(),
                "-in", openssl.input("ciphertext", ciphertext).toString());
    }

    private static void assertOpenSslRejects(OpenSslSm2Key key, byte[] ciphertext, String where) {
        OpenSslCli.Result r = openssl.exec(new byte[0], "pkeyutl", "-decrypt", "-inkey", key.privatePem().toString(),
                "-in", openssl.input("ciphertext", ciphertext).toString());
        assertNotEquals(0, r.exitCode(), "OpenSSL accepted it, " + where);
        assertEquals(0, r.stdout().length, "OpenSSL released plaintext of a rejected ciphertext, " + where);
    }
}
