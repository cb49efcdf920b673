package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.pki.Pem;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2KeyPair;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soft smart key switched to Luna's constants: other CKK/CKM codes, r‖s signatures, and no SM2 decryption
 * mechanism, so the bridge decrypts through ECDH on the SM2 curve (x2 from the token, y2 from the curve equation).
 */
class SoftKeyLunaProfileTest {
    private static final CryptoModule CRYPTO = TestModules.production();

    @TempDir
    static Path dir;
    private static Path library;
    private static Pkcs11Module module;
    private static String uri;

    @BeforeAll
    static void setUp() throws Exception {
        library = NativePeers.softKey();
        SoftKey.reset("luna", 1, 5);
        module = Pkcs11Module.open(library, (String) null);
        SoftKey.initToken(module.library(), 0, "luna-gw");
        SoftKey.generateKey(module, 0, "k");
        uri = "pkcs11:token=luna-gw;object=k?module-path=" + library + "&pin-source=file:" + SoftKey.userPinFile(dir);
    }

    @AfterAll
    static void tearDown() {
        if (module != null) {
            module.close();
        }
    }

    @Test
    void theLunaProfileIsSelectedFromTheModuleDescription() {
        assertEquals("gmgw soft smart key (luna)", module.info().description());
        assertEquals("gmgw-softkey-luna", module.profile().name());
        assertEquals(0x80000016L, module.profile().ckkSm2());
    }

    @Test
    void rawSignaturesFromTheTokenComeOutAsDerAndVerify() {
        Pkcs11Library lib = module.library();
        long s = lib.openSession(0, false);
        try {
            lib.login(s, Ck.CKU_USER, SoftKey.USER_PIN.toCharArray());
            long k = TokenKeys.findOne(lib, s, Ck.CKO_PRIVATE_KEY, "k", null, "luna-gw");
            assertEquals(64, lib.sign(s, Mechanism.of(module.profile().sm2SignE()), k, new byte[32]).length);
            lib.logout(s);
        } finally {
            lib.closeSession(s);
        }
        try (KeyHandle key = KeyProviders.load(CRYPTO).open(uri, KeyOptions.none())) {
            byte[] m = "luna".getBytes(StandardCharsets.US_ASCII);
            byte[] sig = key.sign(m);
            assertEquals(0x30, sig[0]);
            assertTrue(CRYPTO.sm2().verify(key.publicKey(), m, sig));
        }
    }

    @Test
    void decryptionWithoutAnSm2MechanismGoesThroughEcdh() throws Exception {
        try (KeyHandle key = KeyProviders.load(CRYPTO).open(uri, KeyOptions.none())) {
            assertEquals(Set.of(KeyHandle.Capability.SIGN, KeyHandle.Capability.DECRYPT,
                    KeyHandle.Capability.KEY_EXCHANGE), key.capabilities());
            Files.writeString(dir.resolve("pub.pem"), Pem.encode("PUBLIC KEY",
                    key.publicKey().toSubjectPublicKeyInfo().getEncoded()));
            for (int len : new int[] {1, 16, 48, 100}) {
                byte[] pt = new byte[len];
                CRYPTO.random().nextBytes(pt);
                Files.write(dir.resolve("pt.bin"), pt);
                NativePeers.run(dir, "openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", "pub.pem", "-in", "pt.bin",
                        "-out", "ct.der");
                byte[] ct = Files.readAllBytes(dir.resolve("ct.der"));
                assertArrayEquals(pt, key.decrypt(ct), "length " + len);
                byte[] mine = CRYPTO.sm2().encrypt(key.publicKey(), pt);
                assertArrayEquals(pt, key.decrypt(mine));
                mine[mine.length - 1] ^= 0x40;
                assertThrows(BadCiphertextException.class, () -> key.decrypt(mine));
            }
            // a ciphertext for another key fails the C3 check for both square roots
            Sm2KeyPair other = CRYPTO.sm2().generateKeyPair();
            assertThrows(BadCiphertextException.class,
                    () -> key.decrypt(CRYPTO.sm2().encrypt(other.publicKey(), new byte[] {1, 2, 3})));
        }
    }

    @Test
    void theKeyExchangeWorksWithTheLunaCodesToo() {
        try (KeyHandle key = KeyProviders.load(CRYPTO).open(uri, KeyOptions.none())) {
            Sm2KeyPair peer = CRYPTO.sm2().generateKeyPair();
            byte[] id = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
            Sm2KeyExchange t = key.keyExchange(Sm2KeyExchange.Role.RESPONDER, id);
            Sm2KeyExchange p = CRYPTO.sm2().keyExchange(Sm2KeyExchange.Role.INITIATOR, peer.privateKey(), id);
            assertArrayEquals(p.agree(key.publicKey(), t.ephemeralPublicKey(), id, 48),
                    t.agree(peer.publicKey(), p.ephemeralPublicKey(), id, 48));
        }
    }
}
