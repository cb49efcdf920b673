package io.gmgw.crypto.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.TlcpTranscripts;
import io.gmgw.crypto.Vectors;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyFilesTest {
    private static final PasswordSource GMSSL_PASSWORD = PasswordSource.of("P@ssw0rd".toCharArray());
    private final CryptoModule module = TestModules.deterministic("key-files");

    @ParameterizedTest
    @ValueSource(strings = {"root", "ca", "server_sign", "server_enc", "client", "client_enc"})
    void gmsslEncryptedKeysDecryptAndMatchTheirCertificates(String name) {
        Sm2PrivateKey key = read("gmssl-pki/" + name + "_key.pem", GMSSL_PASSWORD);
        Sm2Certificate cert = Sm2Certificate.fromPem(Vectors.text("gmssl-pki/" + name + "_cert.pem")).get(0);
        assertEquals(cert.publicKey(), key.publicKey());
    }

    @Test
    void aWrongOrMissingPasswordIsReportedAsSuch() {
        KeyLoadException wrong = assertThrows(KeyLoadException.class,
                () -> read("gmssl-pki/server_sign_key.pem", PasswordSource.of("p@ssw0rd".toCharArray())));
        assertEquals(KeyLoadException.Reason.WRONG_PASSWORD, wrong.reason());
        assertTrue(wrong.getMessage().contains("server_sign_key.pem"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("ssw0rd"), "no password in messages");

        KeyLoadException none = assertThrows(KeyLoadException.class, () -> read("gmssl-pki/server_sign_key.pem", null));
        assertEquals(KeyLoadException.Reason.PASSWORD_REQUIRED, none.reason());
    }

    @Test
    void everyKeyInTheTlcpTranscriptsMatchesItsCertificate() {
        int pairs = 0;
        for (String name : TlcpTranscripts.NAMES) {
            Map<String, String> pem = TlcpTranscripts.pemFields(name);
            for (Map.Entry<String, String> e : pem.entrySet()) {
                if (!e.getKey().endsWith("_key_pem")) {
                    continue;
                }
                String certField = e.getKey().replace("_key_pem", "_cert_pem");
                Sm2PrivateKey key = PrivateKeyPem.read(module, e.getValue(), null, name + "." + e.getKey());
                Sm2Certificate cert = Sm2Certificate.fromPem(pem.get(certField)).get(0);
                assertEquals(cert.publicKey(), key.publicKey(), name + " " + e.getKey());
                pairs++;
            }
        }
        assertTrue(pairs >= 11 * 2 + 5, "server keys in all files plus client keys where mutual: " + pairs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sm2-pkcs8.pem", "sm2-ecparam-genkey.pem", "sm2-sec1-openssl3.pem", "sm2-sec1-ec-label.pem",
            "sm2-sec1-ec-label-with-params.pem"})
    void opensslWrittenKeysLoad(String file) {
        Sm2PrivateKey key = read("openssl-keys/" + file, null);
        assertTrue(module.sm2().verify(key.publicKey(), new byte[] {1}, module.sm2().sign(key, new byte[] {1})));
    }

    @Test
    void opensslPbes2AesKeyLoadsWithItsPasswordAndIsTheSameKey() {
        Sm2PrivateKey encrypted = read("openssl-keys/sm2-pkcs8-aes256.pem", PasswordSource.of("Ops-Pass word!".toCharArray()));
        Sm2PrivateKey plain = read("openssl-keys/sm2-pkcs8.pem", null);
        assertEquals(plain.publicKey(), encrypted.publicKey());
        Sm2PublicKey pub = Sm2PublicKey.fromSubjectPublicKeyInfo(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                io.gmgw.crypto.pki.Pem.blocks(Vectors.text("openssl-keys/sm2-pkcs8.pub.pem"), "PUBLIC KEY").get(0)));
        assertEquals(pub, plain.publicKey());
    }

    @Test
    void unsupportedKeysAreNamedAsSuch() {
        assertEquals(KeyLoadException.Reason.UNSUPPORTED,
                assertThrows(KeyLoadException.class, () -> read("openssl-keys/p256-sec1.pem", null)).reason());
        KeyLoadException legacy = assertThrows(KeyLoadException.class,
                () -> read("openssl-keys/sm2-sec1-legacy-encrypted.pem", PasswordSource.of("x".toCharArray())));
        assertEquals(KeyLoadException.Reason.UNSUPPORTED, legacy.reason());
        assertTrue(legacy.getMessage().contains("openssl pkcs8 -topk8"), legacy.getMessage());
        assertEquals(KeyLoadException.Reason.MALFORMED,
                assertThrows(KeyLoadException.class, () -> read("openssl-keys/sm2-pkcs8.pub.pem", null)).reason());
    }

    @Test
    void malformedInputIsMalformed() {
        String good = Vectors.text("openssl-keys/sm2-pkcs8.pem");
        String[] bad = {
            "",
            "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYIt\n-----END PRIVATE KEY-----\n",
            good.replace("-----END PRIVATE KEY-----", ""),
            good + good,
            // Structures too short for their type: Bouncy Castle reports these with NoSuchElementException or
            // ClassCastException, which must come out as a malformed key, not a runtime exception.
            "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n",
            "-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\nMBYCAQAwEAYHKoZIzj0CAQYFK4EEAAoEAA==\n-----END PRIVATE KEY-----\n",
        };
        for (String pem : bad) {
            // With a password, so that the encrypted case gets as far as parsing (without, it asks for one first).
            KeyLoadException e = assertThrows(KeyLoadException.class,
                    () -> PrivateKeyPem.read(module, pem, PasswordSource.of("x".toCharArray()), "k.pem"));
            assertEquals(KeyLoadException.Reason.MALFORMED, e.reason(), pem);
            assertTrue(e.getMessage().startsWith("k.pem"), e.getMessage());
        }
    }

    @Test
    void aStoredPublicKeyThatDoesNotMatchIsCaught() throws Exception {
        // SEC1 with the public key of another key pair
        Sm2PrivateKey a = module.sm2().generateKeyPair().privateKey();
        Sm2PrivateKey b = module.sm2().generateKeyPair().privateKey();
        org.bouncycastle.asn1.sec.ECPrivateKey ec = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                new java.math.BigInteger(1, a.scalarBytes()), new org.bouncycastle.asn1.DERBitString(b.publicKey().encoded()),
                org.bouncycastle.asn1.gm.GMObjectIdentifiers.sm2p256v1);
        String pem = io.gmgw.crypto.pki.Pem.encode("EC PRIVATE KEY", ec.getEncoded("DER"));
        assertEquals(KeyLoadException.Reason.INCONSISTENT,
                assertThrows(KeyLoadException.class, () -> PrivateKeyPem.read(module, pem, null, "x")).reason());
    }

    @ParameterizedTest
    @EnumSource(PrivateKeyPem.KeyEncryption.class)
    void writtenKeysReadBack(PrivateKeyPem.KeyEncryption encryption) {
        Sm2PrivateKey key = module.sm2().generateKeyPair().privateKey();
        String plain = PrivateKeyPem.write(key);
        assertTrue(plain.startsWith("-----BEGIN PRIVATE KEY-----"));
        assertArrayEquals(key.scalarBytes(), PrivateKeyPem.read(module, plain, null, "p").scalarBytes());

        char[] pw = "correct horse".toCharArray();
        String enc1 = PrivateKeyPem.writeEncrypted(module, key, pw, encryption, 1000);
        String enc2 = PrivateKeyPem.writeEncrypted(module, key, pw, encryption, 1000);
        assertTrue(enc1.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertNotEquals(enc1, enc2, "fresh salt and IV each time");
        assertArrayEquals(key.scalarBytes(), PrivateKeyPem.read(module, enc1, PasswordSource.of(pw), "e").scalarBytes());
        assertEquals(KeyLoadException.Reason.WRONG_PASSWORD, assertThrows(KeyLoadException.class,
                () -> PrivateKeyPem.read(module, enc1, PasswordSource.of("wrong".toCharArray()), "e")).reason());
    }

    @Test
    void theSm4SchemeIsWrittenAsGmsslWritesIt() throws Exception {
        String pem = PrivateKeyPem.writeEncrypted(module, module.sm2().generateKeyPair().privateKey(),
                "pw".toCharArray(), PrivateKeyPem.KeyEncryption.SM4, 65536);
        org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo ours = org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo.getInstance(
                io.gmgw.crypto.pki.Pem.blocks(pem, "ENCRYPTED PRIVATE KEY").get(0));
        org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo gmssl = org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo.getInstance(
                io.gmgw.crypto.pki.Pem.blocks(Vectors.text("gmssl-pki/server_sign_key.pem"), "ENCRYPTED PRIVATE KEY").get(0));
        // Same structure: PBES2 { PBKDF2 { salt(16), 65536, keyLength 16, hmacWithSM3 }, sm4-cbc { iv(16) } }
        assertEquals(shape(gmssl), shape(ours));
    }

    /**
     * RFC 5915 §3: conforming implementations MUST include the curve in the ECPrivateKey, also inside PKCS#8; GmSSL
     * cannot read a key without it. Checked in every form gmgw writes, against the shape of GmSSL's own keys.
     */
    @ParameterizedTest
    @ValueSource(strings = {"plain", "SM4", "AES"})
    void writtenKeysNameTheirCurveInsideTheEcPrivateKeyAsGmsslDoes(String form) throws Exception {
        Sm2PrivateKey key = module.sm2().generateKeyPair().privateKey();
        char[] pw = "pw".toCharArray();
        String pem = form.equals("plain") ? PrivateKeyPem.write(key)
                : PrivateKeyPem.writeEncrypted(module, key, pw, PrivateKeyPem.KeyEncryption.valueOf(form), 1000);
        org.bouncycastle.asn1.sec.ECPrivateKey ours = ecPrivateKey(pem, pw);
        assertEquals(org.bouncycastle.asn1.gm.GMObjectIdentifiers.sm2p256v1, ours.getParametersObject(), form);
        assertArrayEquals(key.publicKey().encoded(),
                ((org.bouncycastle.asn1.DERBitString) ours.getPublicKey()).getOctets(), form);
        org.bouncycastle.asn1.sec.ECPrivateKey gmssl = ecPrivateKey(Vectors.text("gmssl-pki/server_sign_key.pem"),
                "P@ssw0rd".toCharArray());
        assertEquals(gmssl.getParametersObject(), ours.getParametersObject(), "the curve as GmSSL writes it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "sm4", "aes"})
    void keysWrittenBeforeTheCurveWasInsideStillLoad(String name) throws Exception {
        String file = "gmgw-keys-0.1/" + name + ".key.pem";
        char[] pw = "old-gmgw-pass".toCharArray();
        assertEquals(null, ecPrivateKey(Vectors.text(file), pw).getParametersObject(), "the old shape, no curve inside");
        Sm2PrivateKey key = read(file, name.equals("plain") ? null : PasswordSource.of(pw));
        Sm2Certificate cert = Sm2Certificate.fromPem(Vectors.text("gmgw-keys-0.1/" + name + ".cert.pem")).get(0);
        assertEquals(cert.publicKey(), key.publicKey());
    }

    @Test
    void aCurveInsideThatDiffersFromTheAlgorithmsIsRefused() throws Exception {
        Sm2PrivateKey key = module.sm2().generateKeyPair().privateKey();
        org.bouncycastle.asn1.sec.ECPrivateKey ec = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                new java.math.BigInteger(1, key.scalarBytes()),
                new org.bouncycastle.asn1.DERBitString(key.publicKey().encoded()),
                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1);
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = new org.bouncycastle.asn1.pkcs.PrivateKeyInfo(
                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                        org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey,
                        org.bouncycastle.asn1.gm.GMObjectIdentifiers.sm2p256v1), ec);
        String pem = io.gmgw.crypto.pki.Pem.encode("PRIVATE KEY", info.getEncoded("DER"));
        KeyLoadException e = assertThrows(KeyLoadException.class, () -> PrivateKeyPem.read(module, pem, null, "x.pem"));
        assertEquals(KeyLoadException.Reason.INCONSISTENT, e.reason());
        assertTrue(e.getMessage().contains("x.pem"), e.getMessage());
    }

    /** The ECPrivateKey inside a PKCS#8 PEM, decrypting it with {@code password} when it is encrypted. */
    private org.bouncycastle.asn1.sec.ECPrivateKey ecPrivateKey(String pem, char[] password) throws Exception {
        byte[] der;
        if (pem.contains("ENCRYPTED PRIVATE KEY")) {
            der = Pbes2.decrypt(module, org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo.getInstance(
                    io.gmgw.crypto.pki.Pem.blocks(pem, "ENCRYPTED PRIVATE KEY").get(0)), password, "test");
        } else {
            der = io.gmgw.crypto.pki.Pem.blocks(pem, "PRIVATE KEY").get(0);
        }
        return org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(der).parsePrivateKey());
    }

    private static String shape(org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo info) {
        org.bouncycastle.asn1.pkcs.PBES2Parameters p = org.bouncycastle.asn1.pkcs.PBES2Parameters.getInstance(
                info.getEncryptionAlgorithm().getParameters());
        org.bouncycastle.asn1.pkcs.PBKDF2Params kdf = org.bouncycastle.asn1.pkcs.PBKDF2Params.getInstance(
                p.getKeyDerivationFunc().getParameters());
        return info.getEncryptionAlgorithm().getAlgorithm() + " " + p.getKeyDerivationFunc().getAlgorithm() + " salt="
                + kdf.getSalt().length + " it=" + kdf.getIterationCount() + " kl=" + kdf.getKeyLength() + " prf="
                + kdf.getPrf().getAlgorithm() + "/" + kdf.getPrf().getParameters() + " enc="
                + p.getEncryptionScheme().getAlgorithm() + " iv=" + org.bouncycastle.asn1.ASN1OctetString.getInstance(
                        p.getEncryptionScheme().getParameters()).getOctets().length;
    }

    private Sm2PrivateKey read(String file, PasswordSource pw) {
        return PrivateKeyPem.read(module, Vectors.text(file), pw, file);
    }
}
