package io.gmgw.crypto.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.Vectors;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyProviderTest {
    private static final PasswordSource GMSSL_PASSWORD = PasswordSource.of("P@ssw0rd".toCharArray());
    private final CryptoModule module = TestModules.deterministic("file-provider");
    private final KeyProviders providers = KeyProviders.load(module);

    @TempDir
    Path dir;

    @Test
    void theFileProviderIsFoundByServiceLoader() {
        assertTrue(providers.schemes().contains("file"));
    }

    @Test
    void aKeyWithItsChainBesideItSignsForItsCertificate() throws Exception {
        Path key = copy("gmssl-pki/server_sign_key.pem", "server-sign.key.pem");
        Files.writeString(dir.resolve("server-sign.chain.pem"),
                Vectors.text("gmssl-pki/server_sign_cert.pem") + Vectors.text("gmssl-pki/ca_cert.pem"));
        try (KeyHandle h = providers.open(key.toString(), KeyOptions.withPassword(GMSSL_PASSWORD))) {
            assertEquals(2, h.certificateChain().size());
            Sm2Certificate leaf = h.certificateChain().get(0);
            assertEquals(leaf.publicKey(), h.publicKey());
            byte[] msg = {1, 2, 3};
            assertTrue(module.sm2().verify(leaf.publicKey(), msg, h.sign(msg)));
            assertEquals(key.toString(), h.description());
        }
        // the same through a file: URI
        try (KeyHandle h = providers.open(key.toUri().toString(), KeyOptions.withPassword(GMSSL_PASSWORD))) {
            assertEquals(2, h.certificateChain().size());
        }
    }

    @Test
    void chainFilesAreFoundByTheDocumentedNames() throws Exception {
        Path key = copy("gmssl-pki/client_key.pem", "client.pem");
        assertEquals(null, FileKeyProvider.chainBeside(key));
        Files.writeString(dir.resolve("client.crt"), Vectors.text("gmssl-pki/client_cert.pem"));
        assertEquals(dir.resolve("client.crt"), FileKeyProvider.chainBeside(key));
        Files.writeString(dir.resolve("client.cert.pem"), Vectors.text("gmssl-pki/client_cert.pem"));
        assertEquals(dir.resolve("client.cert.pem"), FileKeyProvider.chainBeside(key));
        Files.writeString(dir.resolve("client.chain.pem"), Vectors.text("gmssl-pki/client_cert.pem"));
        assertEquals(dir.resolve("client.chain.pem"), FileKeyProvider.chainBeside(key));
    }

    @Test
    void aChainThatBelongsToAnotherKeyIsRefused() throws Exception {
        Path key = copy("gmssl-pki/client_key.pem", "client.key.pem");
        Path other = dir.resolve("other.pem");
        Files.writeString(other, Vectors.text("gmssl-pki/server_sign_cert.pem"));
        KeyLoadException e = assertThrows(KeyLoadException.class,
                () -> providers.open(key.toString(), KeyOptions.withPassword(GMSSL_PASSWORD).withCertificateChain(other)));
        assertEquals(KeyLoadException.Reason.INCONSISTENT, e.reason());
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void missingFilesAndSchemesAreReportedWithTheirName() {
        KeyLoadException missing = assertThrows(KeyLoadException.class,
                () -> providers.open(dir.resolve("nope.pem").toString(), KeyOptions.none()));
        assertEquals(KeyLoadException.Reason.NOT_FOUND, missing.reason());
        assertTrue(missing.getMessage().contains("nope.pem"));

        KeyLoadException scheme = assertThrows(KeyLoadException.class,
                () -> providers.open("pkcs11:token=gw;object=sign;pin-value=123456", KeyOptions.none()));
        assertEquals(KeyLoadException.Reason.NO_PROVIDER, scheme.reason());
        assertFalse(scheme.getMessage().contains("123456"), "PIN never in messages: " + scheme.getMessage());
        assertTrue(scheme.getMessage().contains("pkcs11-bridge"), scheme.getMessage());
    }

    @Test
    void referencesAreUrisOrPaths() {
        assertEquals("file", KeyProviders.toUri("keys/sign.pem").getScheme());
        assertTrue(KeyProviders.toUri("keys/sign.pem").getPath().endsWith("/keys/sign.pem"));
        assertEquals("file", KeyProviders.toUri("file:///etc/gmgw/sign.pem").getScheme());
        assertEquals("pkcs11", KeyProviders.toUri("pkcs11:token=gw;object=sign").getScheme());
        assertEquals("pkcs11:object=a;pin-value=***;x=y", KeyProviders.redact("pkcs11:object=a;pin-value=1234;x=y"));
    }

    @Test
    void handlesDecryptAndAgreeAndAreWipedOnClose() throws Exception {
        Sm2KeyPair pair = module.sm2().generateKeyPair();
        Path key = dir.resolve("k.pem");
        Files.writeString(key, PrivateKeyPem.write(pair.privateKey()));
        KeyHandle h = providers.open(key.toString(), KeyOptions.none());
        byte[] ct = module.sm2().encrypt(pair.publicKey(), new byte[] {42});
        assertArrayEquals(new byte[] {42}, h.decrypt(ct));

        Sm2KeyPair peer = module.sm2().generateKeyPair();
        Sm2KeyExchange mine = h.keyExchange(Sm2KeyExchange.Role.INITIATOR, Sm2.defaultUserId());
        Sm2KeyExchange theirs = module.sm2().keyExchange(Sm2KeyExchange.Role.RESPONDER, peer.privateKey(), Sm2.defaultUserId());
        assertArrayEquals(mine.agree(peer.publicKey(), theirs.ephemeralPublicKey(), Sm2.defaultUserId(), 48),
                theirs.agree(pair.publicKey(), mine.ephemeralPublicKey(), Sm2.defaultUserId(), 48));

        h.close();
        assertThrows(IllegalStateException.class, () -> h.sign(new byte[1]));
    }

    private Path copy(String vector, String name) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, Vectors.text(vector));
        return p;
    }
}
