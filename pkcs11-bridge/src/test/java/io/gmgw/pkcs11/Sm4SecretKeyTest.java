package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.key.Sm4KeyHandle;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.TokenAbsentException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SM4 secret key in the soft smart key, opened by {@code pkcs11:...;type=secret-key} URI: the token encrypts (the
 * token's own SM4-ECB decryption gives the blocks back, the key itself cannot be read), and without the token or with
 * a wrong PIN nothing is encrypted.
 */
class Sm4SecretKeyTest {
    private static final CryptoModule CRYPTO = TestModules.production();

    @TempDir
    static Path dir;
    private static Path library;
    private static Pkcs11Module module;
    private static String uri;

    @BeforeAll
    static void setUp() throws Exception {
        library = NativePeers.softKey();
        SoftKey.reset("0x8000", 1, 5);
        module = Pkcs11Module.open(library, (String) null);
        SoftKey.initToken(module.library(), 0, "otp");
        Pkcs11Library lib = module.library();
        long s = lib.openSession(0, true);
        try {
            lib.login(s, Ck.CKU_USER, SoftKey.USER_PIN.toCharArray());
            TokenKeys.generateSm4(lib, s, module.profile(), "seed-key", new byte[] {7});
        } finally {
            lib.closeSession(s);
        }
        uri = "pkcs11:token=otp;object=seed-key;type=secret-key?module-path=" + library
                + "&x-monitor-ms=0&pin-source=file:" + SoftKey.userPinFile(dir);
    }

    @AfterAll
    static void tearDown() throws Exception {
        SoftKey.insert(0);
        if (module != null) {
            module.close();
        }
    }

    @Test
    void theTokenEncryptsWithAKeyThatCannotBeRead() {
        byte[] blocks = new byte[32];
        Arrays.fill(blocks, 16, 32, (byte) 1);
        try (Sm4KeyHandle key = KeyProviders.load(CRYPTO).openSm4(uri, KeyOptions.none())) {
            byte[] out = key.encryptBlocks(blocks);
            assertEquals(32, out.length);
            assertArrayEquals(out, key.encryptBlocks(blocks), "a block cipher: the same blocks, the same output");
            assertFalse(Arrays.equals(Arrays.copyOf(out, 16), Arrays.copyOfRange(out, 16, 32)));
            assertFalse(Arrays.equals(blocks, out));
            Pkcs11Library lib = module.library();
            long s = lib.openSession(0, false);
            try {
                // the key's session pool has logged the application in (PKCS#11 login is per application)
                long h = TokenKeys.findOne(lib, s, Ck.CKO_SECRET_KEY, "seed-key", null, "otp");
                assertArrayEquals(blocks, lib.decrypt(s, Mechanism.of(module.profile().sm4Ecb()), h, out));
                assertThrows(Pkcs11Exception.class, () -> lib.attribute(s, h, Ck.CKA_VALUE), "sensitive");
            } finally {
                lib.closeSession(s);
            }
            assertThrows(IllegalArgumentException.class, () -> key.encryptBlocks(new byte[15]));
        }
    }

    @Test
    void withTheTokenPulledOutNothingIsEncrypted() throws Exception {
        try (Sm4KeyHandle key = KeyProviders.load(CRYPTO).openSm4(uri, KeyOptions.none())) {
            byte[] before = key.encryptBlocks(new byte[16]);
            SoftKey.pull(0);
            try {
                TokenAbsentException e = assertThrows(TokenAbsentException.class, () -> key.encryptBlocks(new byte[16]));
                assertTrue(e.getMessage().contains("token=otp"), e.getMessage());
            } finally {
                SoftKey.insert(0);
            }
            assertArrayEquals(before, key.encryptBlocks(new byte[16]), "back in: the same key again");
        }
    }

    @Test
    void aWrongPinOrAMissingKeyIsAClearError() {
        String wrongPin = uri.replaceAll("pin-source=[^&]*", "pin-value=not-the-pin");
        KeyLoadException pin = assertThrows(KeyLoadException.class,
                () -> KeyProviders.load(CRYPTO).openSm4(wrongPin, KeyOptions.none()));
        assertEquals(KeyLoadException.Reason.WRONG_PASSWORD, pin.reason(), pin.getMessage());
        KeyLoadException missing = assertThrows(KeyLoadException.class, () -> KeyProviders.load(CRYPTO)
                .openSm4(uri.replace("object=seed-key", "object=nope"), KeyOptions.none()));
        assertEquals(KeyLoadException.Reason.NOT_FOUND, missing.reason());
        assertTrue(missing.getMessage().contains("no secret key 'nope'"), missing.getMessage());
        KeyLoadException untyped = assertThrows(KeyLoadException.class, () -> KeyProviders.load(CRYPTO)
                .openSm4(uri.replace(";type=secret-key", ""), KeyOptions.none()));
        assertTrue(untyped.getMessage().contains("add type=secret-key"), untyped.getMessage());
    }
}
