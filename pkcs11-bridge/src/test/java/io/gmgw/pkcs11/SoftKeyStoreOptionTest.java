package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.pkcs11.token.Pkcs11Module;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soft smart key's store chosen by the process, not only by its environment: {@code configureSoftKeyStore} (the
 * module's own gmgw_softkey_set_store call) wins over GMGW_SOFTKEY_DIR, which surefire sets; cleared, the module is
 * back at GMGW_SOFTKEY_DIR; {@link Pkcs11Module} passes the {@code gmgw.softkey.store} system property; other modules
 * are left alone.
 */
class SoftKeyStoreOptionTest {
    @TempDir
    Path dir;

    @Test
    void theConfiguredStoreWinsOverTheEnvironmentUntilCleared() throws Exception {
        Path library = NativePeers.softKey();
        SoftKey.reset("0x8000", 2, 3); // the environment's store, wiped: its slot folders come from C_Initialize
        Path elsewhere = dir.resolve("elsewhere");
        Pkcs11Library lib = Pkcs11Library.load(library);
        try {
            assertTrue(lib.configureSoftKeyStore(elsewhere));
            lib.initialize();
            try {
                Pkcs11Exception busy = assertThrows(Pkcs11Exception.class, () -> lib.configureSoftKeyStore(dir));
                assertEquals(CkRv.CRYPTOKI_ALREADY_INITIALIZED, busy.code(), "only before C_Initialize");
                SoftKey.initToken(lib, 0, "elsewhere");
            } finally {
                lib.finalizeModule();
            }
            assertTrue(Files.exists(elsewhere.resolve("slot0/token.dat")), "the token lives in the configured store");
            assertFalse(Files.exists(SoftKey.store().resolve("slot0")), "the environment's store is untouched");

            assertTrue(lib.configureSoftKeyStore(null));
            lib.initialize();
            lib.finalizeModule();
            assertTrue(Files.isDirectory(SoftKey.store().resolve("slot0")), "cleared: GMGW_SOFTKEY_DIR again");
        } finally {
            lib.configureSoftKeyStore(null);
            lib.close();
        }
    }

    @Test
    void aModuleOpenedWithTheSystemPropertyUsesItsStore() throws Exception {
        Path library = NativePeers.softKey();
        Path store = dir.resolve("by-property");
        String before = System.getProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY);
        System.setProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY, store.toString());
        try (Pkcs11Module module = Pkcs11Module.open(library, (String) null)) {
            SoftKey.initToken(module.library(), 1, "by-property");
        } finally {
            if (before == null) {
                System.clearProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY);
            } else {
                System.setProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY, before);
            }
        }
        assertTrue(Files.exists(store.resolve("slot1/token.dat")));
    }

    @Test
    void anotherModuleHasNoSuchCallAndIsLeftAlone() {
        Pkcs11Library softHsm = Pkcs11Library.load(NativePeers.softHsm());
        try {
            assertFalse(softHsm.configureSoftKeyStore(dir));
        } finally {
            softHsm.close();
        }
    }
}
