package io.gmgw.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.pkcs11.token.Pkcs11Module;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soft smart key's store (its property, which the module is given, and its variable) is the demo's while the scope
 * is open, and what it was afterwards.
 */
class SoftKeyStoreTest {
    @TempDir
    Path tmp;

    private static String property() {
        return System.getProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY);
    }

    @Test
    void pointsTheStoreAtTheDemoAndRestoresIt() {
        String before = SoftKeyStore.get();
        String beforeProperty = property();
        try (SoftKeyStore store = SoftKeyStore.use(tmp.resolve("store"))) {
            assertEquals(tmp.resolve("store").toString(), SoftKeyStore.get());
            assertEquals(tmp.resolve("store").toString(), property());
            try (SoftKeyStore inner = SoftKeyStore.use(tmp.resolve("other"))) {
                assertEquals(tmp.resolve("other").toString(), SoftKeyStore.get());
                assertEquals(tmp.resolve("other").toString(), property());
            }
            assertEquals(tmp.resolve("store").toString(), SoftKeyStore.get(), "nested scopes unwind");
            assertEquals(tmp.resolve("store").toString(), property());
        }
        assertEquals(before, SoftKeyStore.get());
        assertEquals(beforeProperty, property());
    }
}
