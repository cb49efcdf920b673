package io.gmgw.sslvpn.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.SecretSources;
import io.gmgw.crypto.pki.Pem;
import io.gmgw.sslvpn.channel.SecureSession;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TLS server's key, chain and CRLs from the PEM files OpenSSL writes, and the errors for files that are not. */
class TlsPemFilesTest {
    static TlsTestPki pki;
    static TlsTestPki.Pair ecServer;
    static TlsTestPki.Pair rsaServer;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TlsTestPki("files");
        ecServer = pki.server(TlsTestPki.ec());
        rsaServer = pki.server(TlsTestPki.rsa());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    private static String pem(Object... objects) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            for (Object o : objects) {
                p.writeObject(o);
            }
        }
        return w.toString();
    }

    @Test
    void aPkcs8KeyAChainAndACrlMakeAWorkingServer() throws Exception {
        Path key = write("key.pem", Pem.encode("PRIVATE KEY", ecServer.key().getEncoded()));
        Path chain = write("chain.pem", pem(ecServer.chain().toArray()));
        X509CRL crl = pki.crl();
        Path crlFile = write("ca.crl", pem(crl));
        PrivateKey k = TlsPemFiles.privateKey(key);
        List<X509Certificate> certs = TlsPemFiles.certificates(chain);
        assertEquals(ecServer.chain(), certs);
        assertEquals(List.of(crl), TlsPemFiles.crls(crlFile));

        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandler(TlsServerConfig.server(k, certs).build()));
        new JdkEngineClient(pki.jdkClientContext(null), "TLSv1.3").handshake(ch);
        assertEquals("TLSv1.3", ch.attr(SecureSession.ATTRIBUTE).get().protocol());
        ch.finishAndReleaseAll();
    }

    @Test
    void traditionalOpenSslKeysAreReadToo() throws Exception {
        assertEquals(rsaServer.key(), TlsPemFiles.privateKey(write("rsa.pem", pem(rsaServer.key()))));
        // as 'openssl ecparam -genkey' writes it: RFC 5915 ECPrivateKey with the curve inside
        java.security.interfaces.ECPrivateKey jdk = (java.security.interfaces.ECPrivateKey) ecServer.key();
        byte[] rfc5915 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, jdk.getS(),
                new org.bouncycastle.asn1.x9.X962Parameters(
                        org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1)).getEncoded();
        PrivateKey read = TlsPemFiles.privateKey(write("ec.pem", Pem.encode("EC PRIVATE KEY", rfc5915)));
        assertEquals(jdk.getS(), ((java.security.interfaces.ECPrivateKey) read).getS());
    }

    @Test
    void anEncryptedKeyWithoutAPasswordSourceIsRefusedWithWhatToDo() throws Exception {
        OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(TlsTestPki.BC).setPassword("secret".toCharArray()).build();
        Path key = write("enc.pem", pem(new JcaPKCS8Generator(ecServer.key(), enc)));
        KeyLoadException e = assertThrows(KeyLoadException.class, () -> TlsPemFiles.privateKey(key));
        assertEquals(KeyLoadException.Reason.PASSWORD_REQUIRED, e.reason());
        assertTrue(e.getMessage().contains("encrypted") && e.getMessage().contains("tls.key-password")
                && e.getMessage().contains("openssl pkey"), e.getMessage());
    }

    @Test
    void anEncryptedPkcs8KeyOpensWithItsPassword() throws Exception {
        OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(TlsTestPki.BC).setPassword("s3cret pass".toCharArray()).build();
        Path key = write("enc.pem", pem(new JcaPKCS8Generator(rsaServer.key(), enc)));
        char[] given = "s3cret pass".toCharArray();
        PrivateKey opened = TlsPemFiles.privateKey(key, PasswordSource.of(given));
        assertArrayEquals(rsaServer.key().getEncoded(), opened.getEncoded());

        KeyLoadException wrong = assertThrows(KeyLoadException.class, () -> TlsPemFiles.privateKey(key,
                PasswordSource.of("not it".toCharArray())));
        assertEquals(KeyLoadException.Reason.WRONG_PASSWORD, wrong.reason());
        assertTrue(wrong.getMessage().startsWith(key + ": the private key could not be decrypted with the password"),
                wrong.getMessage());
        assertFalse(wrong.getMessage().contains("not it"), "the password is never in a message");
    }

    @Test
    void anOpensslEncryptedKeyFromAFileSourceOpens() throws Exception {
        // 'openssl pkey -aes256' writes PKCS#8 PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), the form OpenSSL 3 uses
        io.gmgw.testing.SystemPeers.requireProgram("openssl", "install Debian package openssl");
        Path plain = write("plain.pem", Pem.encode("PRIVATE KEY", ecServer.key().getEncoded()));
        Path pw = write("key.pw", "from a file\n");
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path encrypted = dir.resolve("openssl-enc.pem");
        Process p = new ProcessBuilder("openssl", "pkey", "-in", plain.toString(), "-aes256", "-passout",
                "file:" + pw, "-out", encrypted.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
        assertTrue(Files.readString(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        PrivateKey opened = TlsPemFiles.privateKey(encrypted, SecretSources.parse("file:" + pw));
        assertArrayEquals(ecServer.key().getEncoded(), opened.getEncoded());
    }

    @Test
    void aLegacyEncryptedPemKeyOpensWithItsPassword() throws Exception {
        String legacy = pem(new org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator(rsaServer.key(),
                new org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder("AES-128-CBC").setProvider(TlsTestPki.BC)
                        .build("old style".toCharArray())));
        assertTrue(legacy.contains("Proc-Type: 4,ENCRYPTED"), legacy);
        Path key = write("legacy.pem", legacy);
        assertArrayEquals(rsaServer.key().getEncoded(), TlsPemFiles.privateKey(key,
                PasswordSource.of("old style".toCharArray())).getEncoded());
    }

    @Test
    void filesWithoutWhatIsAskedForNameTheFile() throws Exception {
        Path certOnly = write("cert.pem", pem(ecServer.certificate()));
        IOException noKey = assertThrows(IOException.class, () -> TlsPemFiles.privateKey(certOnly));
        assertTrue(noKey.getMessage().startsWith(certOnly.toString()) && noKey.getMessage().contains("no private key"),
                noKey.getMessage());
        Path garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        IOException bad = assertThrows(IOException.class, () -> TlsPemFiles.certificates(garbage));
        assertTrue(bad.getMessage().startsWith(garbage.toString()), bad.getMessage());
        IOException noCrl = assertThrows(IOException.class, () -> TlsPemFiles.crls(write("empty.pem", "")));
        assertTrue(noCrl.getMessage().contains("no CRL"), noCrl.getMessage());
    }
}
