package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.pkcs11.key.Pkcs11KeyHandle;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.Token;
import io.gmgw.pkcs11.token.TokenSelector;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Calls that reach a PKCS#11 module after it was unloaded, or with handles it no longer knows, end in a clear
 * {@link Pkcs11Exception}: never a jump into unmapped code (which kills the JVM) and never silence. Driven against the
 * soft smart key; SoftHsmTest does the stale-handle part against SoftHSM 2.
 */
class ModuleLifecycleTest {
    private static final CryptoModule CRYPTO = TestModules.production();
    private static final long SIGN_E = 0x80008000L; // the soft key's SM2 signing mechanism (signs e)
    private Path library;

    @BeforeEach
    void freshToken() throws Exception {
        library = NativePeers.softKey();
        SoftKey.reset("0x8000", 1, 5);
        try (Pkcs11Module m = Pkcs11Module.open(library, (String) null)) {
            SoftKey.initToken(m.library(), 0, "gw");
            SoftKey.generateSignAndEncKeys(m, 0);
        }
    }

    @Test
    void everyCallAfterTheLibraryIsUnloadedIsAClearError() {
        Pkcs11Library lib = Pkcs11Library.load(library);
        lib.initialize();
        long session = lib.openSession(lib.slots(true)[0], false);
        lib.login(session, Ck.CKU_USER, SoftKey.USER_PIN.toCharArray());
        long key = TokenKeys.findOne(lib, session, Ck.CKO_PRIVATE_KEY, "sign", null, "gw");
        assertTrue(lib.sign(session, Mechanism.of(SIGN_E), key, new byte[32]).length > 0, "the module works");
        lib.close();
        for (Executable call : List.<Executable>of(
                lib::info,
                () -> lib.slots(true),
                () -> lib.tokenInfo(0),
                () -> lib.mechanisms(0),
                () -> lib.openSession(0, false),
                () -> lib.sessionInfo(session),
                () -> lib.attribute(session, key, Ck.CKA_LABEL),
                () -> lib.findObjects(session, TokenKeys.template(Ck.CKO_PRIVATE_KEY, "sign", null)),
                () -> lib.sign(session, Mechanism.of(SIGN_E), key, new byte[32]),
                () -> lib.decrypt(session, Mechanism.of(SIGN_E), key, new byte[32]),
                () -> lib.random(session, 16),
                () -> lib.closeSession(session),
                lib::finalizeModule)) {
            Pkcs11Exception e = assertThrows(Pkcs11Exception.class, call);
            assertEquals(CkRv.CRYPTOKI_NOT_INITIALIZED, e.code());
            assertTrue(e.getMessage().contains("the PKCS#11 module " + library + " was closed and unloaded")
                    && e.getMessage().contains("Open the module again"), e.getMessage());
        }
        assertDoesNotThrow(lib::close, "closing twice is harmless");
    }

    @Test
    void aTokenAndAKeyHandleOutlivingTheirModuleFailClearly() {
        Pkcs11Module module = Pkcs11Module.open(library, (String) null);
        Token token = module.token(TokenSelector.label("gw"), PasswordSource.of(SoftKey.USER_PIN.toCharArray()), 2);
        Pkcs11KeyHandle key = Pkcs11KeyHandle.open(CRYPTO, token, "sign", null, null, "pkcs11:token=gw;object=sign",
                () -> { });
        byte[] message = "before the module goes".getBytes();
        assertTrue(CRYPTO.sm2().verify(key.publicKey(), message, key.sign(message)));
        module.close(); // the last reference: the library is finalised and unloaded under the live handle
        Pkcs11Exception e = assertThrows(Pkcs11Exception.class, () -> key.sign(message));
        assertTrue(e.getMessage().contains("was closed and unloaded"), e.getMessage());
        assertThrows(Pkcs11Exception.class, () -> token.call((lib, s) -> lib.random(s, 8)));
        assertThrows(Pkcs11Exception.class, module::presentTokens);
    }

    @Test
    void staleSessionAndObjectHandlesAreClearErrors() {
        try (Pkcs11Module module = Pkcs11Module.open(library, (String) null)) {
            Pkcs11Library lib = module.library();
            long slot = lib.slots(true)[0];
            long session = lib.openSession(slot, true);
            lib.login(session, Ck.CKU_USER, SoftKey.USER_PIN.toCharArray());
            long key = TokenKeys.findOne(lib, session, Ck.CKO_PRIVATE_KEY, "sign", null, "gw");
            long other = lib.openSession(slot, false);
            lib.closeSession(other);
            for (long stale : new long[] {other, 0, 0x7FFF_FFFFL, -1}) {
                Pkcs11Exception e = assertThrows(Pkcs11Exception.class,
                        () -> lib.sign(stale, Mechanism.of(SIGN_E), key, new byte[32]), "session " + stale);
                assertEquals(CkRv.SESSION_HANDLE_INVALID, e.code(), e.getMessage());
                assertTrue(e.isTokenGone(), "the pool treats it as a session to drop and reopen");
            }
            long destroyed = TokenKeys.findOne(lib, session, Ck.CKO_PRIVATE_KEY, "enc", null, "gw");
            lib.destroyObject(session, destroyed);
            for (long stale : new long[] {destroyed, 0, 0x7FFF_FFFFL, -1}) {
                Pkcs11Exception e = assertThrows(Pkcs11Exception.class,
                        () -> lib.sign(session, Mechanism.of(SIGN_E), stale, new byte[32]), "object " + stale);
                assertTrue(Set.of(CkRv.KEY_HANDLE_INVALID, CkRv.OBJECT_HANDLE_INVALID).contains(e.code()),
                        e.getMessage());
                Pkcs11Exception a = assertThrows(Pkcs11Exception.class,
                        () -> lib.attribute(session, stale, Ck.CKA_LABEL), "object " + stale);
                assertEquals(CkRv.OBJECT_HANDLE_INVALID, a.code(), a.getMessage());
            }
            assertArrayEquals("sign".getBytes(), lib.attribute(session, key, Ck.CKA_LABEL), "the session still works");
            lib.closeSession(session);
        }
    }
}
