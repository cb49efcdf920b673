package io.gmgw.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soft smart key's store variable is the demo's while the scope is open, and what it was afterwards. */
class SoftKeyStoreTest {
    @TempDir
    Path tmp;

    @Test
    void pointsTheStoreAtTheDemoAndRestoresIt() {
        String before = SoftKeyStore.get();
        try (SoftKeyStore store = SoftKeyStore.use(tmp.resolve("store"))) {
            assertEquals(tmp.resolve("store").toString(), SoftKeyStore.get());
            try (SoftKeyStore inner = SoftKeyStore.use(tmp.resolve("other"))) {
                assertEquals(tmp.resolve("other").toString(), SoftKeyStore.get());
            }
            assertEquals(tmp.resolve("store").toString(), SoftKeyStore.get(), "nested scopes unwind");
        }
        assertEquals(before, SoftKeyStore.get());
    }
}
