package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.core.CryptoModuleErrorException;
import io.gmgw.crypto.core.GmCryptoException;
import io.gmgw.crypto.core.InvalidKeyMaterialException;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.core.ModuleState;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.UnsupportedKeyOperationException;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.sslvpn.tlcp.TlcpNegativeTest.Role;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.record.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ECC ClientKeyExchange countermeasure holds whatever way the server's key handle fails to decrypt: a bad
 * ciphertext, a token error that is not one of the "bad data" codes (CKR_FUNCTION_FAILED, CKR_DEVICE_ERROR), a closed
 * handle, a module in its error state, a bug. In every case the server says nothing until the client's Finished, then
 * fails it exactly as for a ciphertext made to another key: same alert, same writes of the same sizes. The cause is
 * kept for the server's own message only.
 */
class PreMasterDecryptionFailureTest {
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-premaster-failure");
        pki = new TestPki(module);
        server = pki.server("localhost");
    }

    /** What a PKCS#11 token's error looks like to gmgw (pkcs11-bridge's Pkcs11Exception is a GmCryptoException). */
    static final class TokenError extends GmCryptoException {
        private static final long serialVersionUID = 1L;

        TokenError(String code) {
            super("C_Decrypt failed: " + code + " on token 'gw'");
        }
    }

    static Stream<Arguments> failures() {
        List<Supplier<RuntimeException>> kinds = List.of(
                () -> new BadCiphertextException("SM2 decryption failed"),
                () -> new MalformedEncodingException("not GM/T 0009 DER"),
                () -> new InvalidKeyMaterialException("C1 is not on the curve"),
                () -> new TokenError("CKR_FUNCTION_FAILED (0x6)"),
                () -> new TokenError("CKR_DEVICE_ERROR (0x30)"),
                () -> new TokenError("CKR_VENDOR_DEFINED+0x1F"),
                () -> new UnsupportedKeyOperationException("the key cannot decrypt"),
                () -> new CryptoModuleErrorException(ModuleState.ERROR, "the module is in its error state"),
                () -> new IllegalStateException("key handle pkcs11:token=gw;object=enc is closed"),
                () -> new NullPointerException("a bug in a key provider"),
                () -> new ArithmeticException("a bug in a key provider"));
        List<Arguments> out = new ArrayList<>();
        for (CipherSuite suite : List.of(CipherSuite.ECC_SM4_CBC_SM3, CipherSuite.ECC_SM4_GCM_SM3)) {
            for (Supplier<RuntimeException> kind : kinds) {
                out.add(Arguments.of(suite, kind.get().getClass().getSimpleName() + ": " + kind.get().getMessage(),
                        kind));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("failures")
    void everyDecryptionFailureLooksLikeABadCiphertext(CipherSuite suite, String name,
            Supplier<RuntimeException> failure) {
        Run failed = run(suite, new FailingDecryption(server.encryptionKey(), failure));
        Run reference = run(suite, new FailingDecryption(server.encryptionKey(), null)); // honest key, wrong ciphertext
        TlcpNegativeTest.assertAlert(failed.pair, Role.SERVER, AlertDescription.BAD_RECORD_MAC);
        TlcpNegativeTest.assertAlert(reference.pair, Role.SERVER, AlertDescription.BAD_RECORD_MAC);
        assertEquals(reference.serverWrites, failed.serverWrites, "the server's writes, record by record");
        assertTrue(failed.pair.server.failure.getMessage().contains(failure.get().getMessage()),
                () -> "the server's own message names the cause: " + failed.pair.server.failure.getMessage());
    }

    record Run(EnginePair pair, List<String> serverWrites) {
    }

    /**
     * A handshake with the server's encryption key replaced by {@code key}; with an honest key the client's
     * ClientKeyExchange is replaced by one made to another key (the classic bad ciphertext). Checks that the server
     * was still silent, waiting for ChangeCipherSpec, when the client's ChangeCipherSpec reached it.
     */
    static Run run(CipherSuite suite, FailingDecryption key) {
        TlcpCredentials credentials = new TlcpCredentials(server.signingKey(), server.signingCertificate(), key,
                server.encryptionCertificate(), server.chain());
        TlcpConfig s = TlcpConfig.server(module, credentials).build();
        key.armed = true; // after build(), which checks that the key decrypts: these failures come later
        TlcpConfig c = TlcpConfig.client(module, pki.verifier()).suites(List.of(suite)).build();
        EnginePair pair = new EnginePair(c, s);
        List<String> serverWrites = new ArrayList<>();
        pair.tamperServerToClient(b -> {
            // The first flight's length varies with the DER length of its signature; after it, sizes must agree.
            serverWrites.add(serverWrites.isEmpty() ? "first flight" : "type " + b[0] + ", " + b.length + " bytes");
            return b;
        });
        TlcpMitm mitm = new TlcpMitm(module, null);
        pair.tamperClientToServer(mitm.clientToServer);
        boolean[] sawChangeCipherSpec = {false};
        mitm.clientToServer.rewrite(r -> {
            if (r.type() == ContentType.CHANGE_CIPHER_SPEC) {
                sawChangeCipherSpec[0] = true;
                assertNull(pair.server.failure, () -> "the server answered the ClientKeyExchange: "
                        + pair.server.failure);
                assertEquals("WAIT_CHANGE_CIPHER_SPEC", pair.serverEngine.handshakeState());
            }
            if (key.failure == null) {
                return TlcpMitm.message(io.gmgw.sslvpn.tlcp.message.HandshakeType.CLIENT_KEY_EXCHANGE,
                        b -> io.gmgw.sslvpn.tlcp.message.ClientKeyExchange.ecc(module.sm2().encrypt(
                                pki.server("elsewhere").encryptionCertificate().publicKey(), preMaster(),
                                Sm2CiphertextFormat.DER_C1C3C2)).encode().body()).apply(r);
            }
            return List.of(r);
        });
        pair.handshake();
        assertTrue(sawChangeCipherSpec[0], "the client got as far as ChangeCipherSpec");
        return new Run(pair, serverWrites);
    }

    static byte[] preMaster() {
        byte[] p = new byte[48];
        module.random().nextBytes(p);
        p[0] = 1;
        p[1] = 1;
        return p;
    }

    /**
     * The real encryption key, except that decryption throws {@code failure} once armed (null: decrypts honestly), as a
     * token does that was pulled or broke after the server started.
     */
    static final class FailingDecryption implements KeyHandle {
        private final KeyHandle real;
        final Supplier<RuntimeException> failure;
        boolean armed;

        FailingDecryption(KeyHandle real, Supplier<RuntimeException> failure) {
            this.real = real;
            this.failure = failure;
        }

        @Override
        public String description() {
            return "failing(" + real.description() + ")";
        }

        @Override
        public Sm2PublicKey publicKey() {
            return real.publicKey();
        }

        @Override
        public List<Sm2Certificate> certificateChain() {
            return real.certificateChain();
        }

        @Override
        public Set<Capability> capabilities() {
            return real.capabilities();
        }

        @Override
        public byte[] sign(byte[] message, byte[] userId) {
            return real.sign(message, userId);
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, Sm2CiphertextFormat format) {
            if (failure != null && armed) {
                throw failure.get();
            }
            return real.decrypt(ciphertext, format);
        }

        @Override
        public Sm2KeyExchange keyExchange(Sm2KeyExchange.Role role, byte[] ownId) {
            return real.keyExchange(role, ownId);
        }

        @Override
        public void close() {
        }
    }
}
