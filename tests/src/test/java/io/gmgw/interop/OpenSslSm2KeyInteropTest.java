package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SM2 key encodings between gm-crypto and the OpenSSL 3 CLI: each side reads the other's PKCS#8 files and derives the
 * same public key, compressed points decompress to the same point, and an AES-encrypted PKCS#8 file written by
 * gm-crypto opens in OpenSSL.
 */
class OpenSslSm2KeyInteropTest {
    @TempDir
    static Path dir;
    private static OpenSslCli openssl;
    private static CryptoModule module;
    private static List<OpenSslSm2Key> keys;

    @BeforeAll
    static void requireOpenSsl() {
        openssl = OpenSslCli.require(dir);
        module = TestModules.deterministic("interop-openssl-sm2-keys");
        keys = OpenSslSm2Key.fromBothSides(openssl, module, 2);
    }

    @Test
    void eachSideReadsTheOthersPkcs8AndDerivesTheSamePublicKey() {
        // The checks live in OpenSslSm2Key, which every SM2 suite uses; here they are named and counted.
        assertEquals(List.of("gm-crypto", "OpenSSL", "gm-crypto", "OpenSSL"),
                keys.stream().map(OpenSslSm2Key::origin).toList());
        for (OpenSslSm2Key key : keys) {
            assertEquals(key.publicKey(), key.privateKey().publicKey(), key.describe());
        }
    }

    /** Decompression (a square root mod p, GB/T 32918.1 §A.5.3) against OpenSSL's compressed SubjectPublicKeyInfo. */
    @Test
    void compressedPointsFromOpenSslDecodeToTheSameKey() {
        for (OpenSslSm2Key key : keys) {
            byte[] spki = openssl.run("ec", "-in", key.privatePem().toString(), "-pubout", "-conv_form", "compressed",
                    "-outform", "DER");
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
            byte[] point = info.getPublicKeyData().getOctets();
            assertEquals(33, point.length, "OpenSSL's compressed point, " + key.describe());
            assertEquals(key.publicKey().y()[31] & 1, point[0] - 2, "compression prefix vs parity of y, "
                    + key.describe());
            assertEquals(key.publicKey(), Sm2PublicKey.fromSubjectPublicKeyInfo(info), key.describe());
            assertEquals(key.publicKey(), Sm2PublicKey.fromEncoded(point), key.describe());
        }
    }

    @Test
    void encryptedPkcs8FilesOpenOnTheOtherSide() throws IOException {
        char[] password = "correct horse battery staple".toCharArray();
        OpenSslSm2Key ours = keys.get(0);
        Path file = openssl.write("ours-encrypted.pem", PrivateKeyPem.writeEncrypted(module, ours.privateKey(),
                password.clone(), PrivateKeyPem.KeyEncryption.AES, 2048).getBytes(StandardCharsets.US_ASCII));
        byte[] derivedByOpenSsl = openssl.run("pkey", "-in", file.toString(), "-passin",
                "pass:" + new String(password), "-pubout", "-outform", "DER");
        assertArrayEquals(ours.publicKey().toSubjectPublicKeyInfo().getEncoded("DER"), derivedByOpenSsl,
                "public key OpenSSL reads from gm-crypto's PBES2 (PBKDF2-HMAC-SHA256 + AES-256-CBC) file");

        OpenSslSm2Key theirs = keys.get(1);
        Path encrypted = openssl.newFile("openssl-encrypted.pem");
        openssl.run("pkcs8", "-topk8", "-v2", "aes256", "-in", theirs.privatePem().toString(), "-passout",
                "pass:" + new String(password), "-out", encrypted.toString());
        PasswordSource source = PasswordSource.of(password.clone());
        assertEquals(theirs.publicKey(), PrivateKeyPem.read(module, Files.readString(encrypted), source,
                encrypted.toString()).publicKey(), "gm-crypto reading OpenSSL's 'pkcs8 -topk8 -v2 aes256' file");
    }
}
