package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.pki.Pem;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.PinIncorrectException;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.TokenLockedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soft smart key in its default (0x8000xxxx) profile, through the binding and the pkcs11: key provider:
 * signatures made in the token verify with gm-crypto and the OpenSSL CLI, OpenSSL's ciphertexts decrypt in the
 * token, the PIN locks after the configured retries and the SO unblocks it, private keys cannot be read.
 */
class SoftKeyTest {
    private static final int RETRIES = 3;
    private static final CryptoModule CRYPTO = TestModules.production();

    @TempDir
    static Path dir;
    private static Path library;
    private static Pkcs11Module module;
    private static KeyProviders providers;
    private static String signUri;

    @BeforeAll
    static void setUp() throws Exception {
        library = NativePeers.softKey();
        SoftKey.reset("0x8000", 2, RETRIES);
        module = Pkcs11Module.open(library, (String) null);
        SoftKey.initToken(module.library(), 0, "gw");
        SoftKey.initToken(module.library(), 1, "spare");
        SoftKey.generateSignAndEncKeys(module, 0);
        Path pin = SoftKey.userPinFile(dir);
        signUri = "pkcs11:token=gw;object=sign?module-path=" + library + "&pin-source=file:" + pin;
        providers = KeyProviders.load(CRYPTO);
    }

    @AfterAll
    static void tearDown() {
        if (module != null) {
            module.close();
        }
    }

    @Test
    void moduleDescribesItselfAndIsMatchedToItsProfile() {
        assertEquals("gmgw", module.info().manufacturer());
        assertEquals("gmgw-softkey", module.profile().name());
        assertEquals(2, module.library().slots(false).length);
        TokenInfo t = module.library().tokenInfo(0);
        assertEquals("gw", t.label());
        assertTrue(t.initialized());
        assertEquals("ok", t.userPinState());
        long[] mechs = module.library().mechanisms(0);
        assertTrue(java.util.Arrays.stream(mechs).anyMatch(m -> m == 0x80008000L));
        assertTrue(module.library().mechanismInfo(0, 0x80008000L).can(Ck.CKF_SIGN));
    }

    @Test
    void tokenSignaturesVerifyInGmCryptoAndInOpenSsl() throws Exception {
        try (KeyHandle key = providers.open(signUri, KeyOptions.none())) {
            assertTrue(key.capabilities().contains(KeyHandle.Capability.SIGN));
            byte[] message = "signed inside the soft smart key".getBytes(StandardCharsets.UTF_8);
            byte[] sig = key.sign(message);
            assertTrue(CRYPTO.sm2().verify(key.publicKey(), message, sig));
            byte[] id = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
            byte[] sigWithId = key.sign(message, id);
            assertTrue(CRYPTO.sm2().verify(key.publicKey(), message, sigWithId, id));
            assertFalse(CRYPTO.sm2().verify(key.publicKey(), message, sigWithId));

            Files.write(dir.resolve("msg.bin"), message);
            Files.write(dir.resolve("msg.sig"), sig);
            Files.writeString(dir.resolve("pub.pem"), Pem.encode("PUBLIC KEY",
                    key.publicKey().toSubjectPublicKeyInfo().getEncoded()));
            String out = NativePeers.run(dir, "openssl", "pkeyutl", "-verify", "-rawin", "-digest", "sm3",
                    "-pkeyopt", "distid:1234567812345678", "-pubin", "-inkey", "pub.pem", "-in", "msg.bin",
                    "-sigfile", "msg.sig");
            assertTrue(out.contains("Signature Verified Successfully"), out);
        }
    }

    @Test
    void ciphertextsMadeByOpenSslDecryptInTheToken() throws Exception {
        try (KeyHandle key = providers.open("pkcs11:token=gw;object=enc?module-path=" + library
                + "&pin-source=file:" + dir.resolve("user.pin"), KeyOptions.none())) {
            Files.writeString(dir.resolve("enc.pem"), Pem.encode("PUBLIC KEY",
                    key.publicKey().toSubjectPublicKeyInfo().getEncoded()));
            byte[] secret = "pre-master secret of 48 bytes, made by OpenSSL!!".getBytes(StandardCharsets.US_ASCII);
            Files.write(dir.resolve("pt.bin"), secret);
            NativePeers.run(dir, "openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", "enc.pem", "-in", "pt.bin",
                    "-out", "ct.der");
            byte[] ct = Files.readAllBytes(dir.resolve("ct.der"));
            assertArrayEquals(secret, key.decrypt(ct));
            // the other encodings reach the token re-packed
            byte[] raw = CRYPTO.sm2().encrypt(key.publicKey(), secret, Sm2CiphertextFormat.RAW_C1C2C3);
            assertArrayEquals(secret, key.decrypt(raw, Sm2CiphertextFormat.RAW_C1C2C3));
            ct[ct.length - 1] ^= 1;
            assertThrows(BadCiphertextException.class, () -> key.decrypt(ct));
        }
    }

    @Test
    void privateKeysCannotBeReadNorCreatedExtractable() {
        Pkcs11Library lib = module.library();
        long s = lib.openSession(0, true);
        try {
            lib.login(s, Ck.CKU_USER, SoftKey.USER_PIN.toCharArray());
            long key = TokenKeys.findOne(lib, s, Ck.CKO_PRIVATE_KEY, "sign", null, "gw");
            assertArrayEquals(new byte[] {0}, lib.attribute(s, key, Ck.CKA_EXTRACTABLE));
            assertArrayEquals(new byte[] {1}, lib.attribute(s, key, Ck.CKA_SENSITIVE));
            Pkcs11Exception e = assertThrows(Pkcs11Exception.class, () -> lib.attribute(s, key, Ck.CKA_VALUE));
            assertEquals(CkRv.ATTRIBUTE_SENSITIVE, e.code());
            assertTrue(e.getMessage().startsWith("C_GetAttributeValue failed: CKR_ATTRIBUTE_SENSITIVE (0x11)"),
                    e.getMessage());
            Pkcs11Exception gen = assertThrows(Pkcs11Exception.class, () -> lib.generateKeyPair(s,
                    Mechanism.of(module.profile().sm2KeyGen()),
                    List.of(Attribute.ofBoolean(Ck.CKA_TOKEN, false)),
                    List.of(Attribute.ofBoolean(Ck.CKA_TOKEN, false), Attribute.ofBoolean(Ck.CKA_EXTRACTABLE, true))));
            assertEquals(CkRv.TEMPLATE_INCONSISTENT, gen.code());
            lib.logout(s);
            // private objects are invisible without login
            assertEquals(0, lib.findObjects(s, TokenKeys.template(Ck.CKO_PRIVATE_KEY, "sign", null)).length);
        } finally {
            lib.closeSession(s);
        }
    }

    @Test
    void sm3AndSm4InTheTokenMatchTheStandardVectors() {
        Pkcs11Library lib = module.library();
        long s = lib.openSession(0, true);
        try {
            lib.login(s, Ck.CKU_USER, SoftKey.USER_PIN.toCharArray());
            assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", HexFormat.of().formatHex(
                    lib.digest(s, Mechanism.of(module.profile().sm3()), "abc".getBytes(StandardCharsets.US_ASCII))));
            byte[] k = HexFormat.of().parseHex("0123456789abcdeffedcba9876543210");
            long sm4 = lib.createObject(s, List.of(Attribute.ofLong(Ck.CKA_CLASS, Ck.CKO_SECRET_KEY),
                    Attribute.ofLong(Ck.CKA_KEY_TYPE, module.profile().ckkSm4()), Attribute.ofBoolean(Ck.CKA_TOKEN, false),
                    Attribute.ofBytes(Ck.CKA_VALUE, k)));
            assertEquals("681edf34d206965e86b3e94f536e4246", HexFormat.of().formatHex(
                    lib.encrypt(s, Mechanism.of(module.profile().sm4Ecb()), sm4, k)));
            byte[] iv = new byte[16];
            byte[] ct = lib.encrypt(s, Mechanism.withBytes(module.profile().sm4Cbc(), iv), sm4, new byte[32]);
            assertArrayEquals(new byte[32], lib.decrypt(s, Mechanism.withBytes(module.profile().sm4Cbc(), iv), sm4, ct));
            assertEquals(16, lib.random(s, 16).length);
        } finally {
            lib.closeSession(s);
        }
    }

    @Test
    void wrongPinsLockTheTokenAndTheSoUnblocksIt() throws Exception {
        Pkcs11Library lib = module.library();
        Path wrong = dir.resolve("wrong.pin");
        io.gmgw.testing.SecretFiles.write(wrong, "not-the-pin\n");
        String spareUri = "pkcs11:token=spare;object=k?module-path=" + library + "&pin-source=file:" + wrong;
        for (int attempt = 1; attempt < RETRIES; attempt++) {
            KeyLoadException e = assertThrows(KeyLoadException.class, () -> providers.open(spareUri, KeyOptions.none()));
            assertEquals(KeyLoadException.Reason.WRONG_PASSWORD, e.reason());
            PinIncorrectException p = assertInstanceOf(PinIncorrectException.class, e.getCause());
            assertTrue(e.getMessage().contains("file " + wrong), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-pin"));
            assertEquals(attempt == RETRIES - 1 ? "one more wrong PIN locks the token"
                    : "the token reports fewer tries left", p.triesLeft());
        }
        KeyLoadException last = assertThrows(KeyLoadException.class, () -> providers.open(spareUri, KeyOptions.none()));
        assertInstanceOf(TokenLockedException.class, last.getCause());
        assertTrue(lib.tokenInfo(1).userPinLocked());
        // even the right PIN is refused now
        long s = lib.openSession(1, true);
        try {
            Pkcs11Exception locked = assertThrows(Pkcs11Exception.class,
                    () -> lib.login(s, Ck.CKU_USER, SoftKey.USER_PIN.toCharArray()));
            assertEquals(CkRv.PIN_LOCKED, locked.code());
            lib.login(s, Ck.CKU_SO, SoftKey.SO_PIN.toCharArray());
            lib.initPin(s, "new-user-pin".toCharArray());
            lib.logout(s);
            assertEquals("ok", lib.tokenInfo(1).userPinState());
            lib.login(s, Ck.CKU_USER, "new-user-pin".toCharArray());
            lib.logout(s);
        } finally {
            lib.closeSession(s);
        }
    }

    @Test
    void objectsPersistAcrossModuleRestarts() {
        Pkcs11Library lib = module.library();
        long s = lib.openSession(0, false);
        byte[] before;
        try {
            before = lib.attribute(s, TokenKeys.findOne(lib, s, Ck.CKO_PUBLIC_KEY, "sign", null, "gw"), Ck.CKA_EC_POINT);
        } finally {
            lib.closeSession(s);
        }
        lib.finalizeModule();
        lib.initialize();
        s = lib.openSession(0, false);
        try {
            assertArrayEquals(before, lib.attribute(s,
                    TokenKeys.findOne(lib, s, Ck.CKO_PUBLIC_KEY, "sign", null, "gw"), Ck.CKA_EC_POINT));
            assertNull(lib.attribute(s, TokenKeys.findOne(lib, s, Ck.CKO_PUBLIC_KEY, "sign", null, "gw"), Ck.CKA_SUBJECT));
        } finally {
            lib.closeSession(s);
        }
    }
}
