package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server configuration refuses, when built, keys that could not serve a handshake: an encryption key that cannot
 * decrypt (no such capability, a token error, or a private key that is not the certificate's; the ECC countermeasure
 * would hide each of these until every client's Finished failed), and a signing key that cannot sign.
 */
class TlcpServerKeyCheckTest {
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;
    static TlcpCredentials elsewhere;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-server-key-check");
        pki = new TestPki(module);
        server = pki.server("localhost");
        elsewhere = pki.server("elsewhere");
    }

    /** A key handle that claims the real key's public key and capabilities of our choosing, and decrypts as told. */
    record Impostor(KeyHandle real, Set<KeyHandle.Capability> capabilities, UnaryOperator<byte[]> decryption)
            implements KeyHandle {
        @Override
        public String description() {
            return "pkcs11:token=gw;object=enc";
        }

        @Override
        public Sm2PublicKey publicKey() {
            return real.publicKey();
        }

        @Override
        public List<Sm2Certificate> certificateChain() {
            return List.of();
        }

        @Override
        public byte[] sign(byte[] message, byte[] userId) {
            return real.sign(message, userId);
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, Sm2CiphertextFormat format) {
            return decryption.apply(ciphertext);
        }

        @Override
        public Sm2KeyExchange keyExchange(Sm2KeyExchange.Role role, byte[] ownId) {
            return real.keyExchange(role, ownId);
        }

        @Override
        public void close() {
        }
    }

    static TlcpCredentials withEncryptionKey(KeyHandle key) {
        return new TlcpCredentials(server.signingKey(), server.signingCertificate(), key,
                server.encryptionCertificate(), server.chain());
    }

    static String refusal(TlcpCredentials credentials) {
        return assertThrows(IllegalArgumentException.class, () -> TlcpConfig.server(module, credentials).build())
                .getMessage();
    }

    @Test
    void anEncryptionKeyWithoutDecryptionIsRefused() {
        String m = refusal(withEncryptionKey(new Impostor(server.encryptionKey(),
                EnumSet.of(KeyHandle.Capability.KEY_EXCHANGE), c -> server.encryptionKey().decrypt(c))));
        assertTrue(m.contains("encryption key pkcs11:token=gw;object=enc") && m.contains("cannot SM2-decrypt")
                && m.contains("E013") && m.contains("ECDHE suites only"), m);
    }

    @Test
    void aPrivateKeyThatIsNotTheCertificatesIsRefused() {
        String m = refusal(withEncryptionKey(new Impostor(server.encryptionKey(),
                EnumSet.allOf(KeyHandle.Capability.class), c -> elsewhere.encryptionKey().decrypt(c))));
        assertTrue(m.contains("encryption key pkcs11:token=gw;object=enc")
                && m.contains("cannot decrypt a message encrypted to its certificate"), m);
    }

    @Test
    void aKeyThatDecryptsToSomethingElseIsRefused() {
        String m = refusal(withEncryptionKey(new Impostor(server.encryptionKey(),
                EnumSet.allOf(KeyHandle.Capability.class), c -> new byte[30])));
        assertTrue(m.contains("encryption key pkcs11:token=gw;object=enc") && m.contains("to something else")
                && m.contains("not the certificate's"), m);
    }

    @Test
    void aSigningKeyThatCannotSignIsRefused() {
        KeyHandle signing = new Impostor(server.signingKey(), EnumSet.of(KeyHandle.Capability.DECRYPT),
                c -> server.signingKey().decrypt(c));
        TlcpCredentials c = new TlcpCredentials(signing, server.signingCertificate(), server.encryptionKey(),
                server.encryptionCertificate(), server.chain());
        String m = refusal(c);
        assertTrue(m.contains("signing key pkcs11:token=gw;object=enc") && m.contains("cannot make SM2 signatures"), m);
    }

    /** ECDHE suites never decrypt with the encryption key: one that cannot is fine for them. */
    @Test
    void anEcdheOnlyServerNeedsNoDecryption() {
        TlcpCredentials c = withEncryptionKey(new Impostor(server.encryptionKey(),
                EnumSet.of(KeyHandle.Capability.KEY_EXCHANGE), ct -> {
                    throw new AssertionError("not to be called");
                }));
        assertNotNull(TlcpConfig.server(module, c).suites(List.of(CipherSuite.ECDHE_SM4_GCM_SM3))
                .clientVerifier(pki.verifier()).build());
    }
}
