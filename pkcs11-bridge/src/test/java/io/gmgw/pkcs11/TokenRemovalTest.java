package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.TokenAbsentException;
import io.gmgw.pkcs11.token.TokenEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulling the key out: listeners hear REMOVED (from the presence poll, or from the failing operation itself),
 * operations fail with a clear "no token" error, and after re-insertion the next operation logs in again by itself.
 */
class TokenRemovalTest {
    private static final CryptoModule CRYPTO = TestModules.production();
    private static final byte[] MESSAGE = "still there?".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    private static Path library;
    private static Pkcs11Module module;
    private static String uri;

    @BeforeAll
    static void setUp() throws Exception {
        library = NativePeers.softKey();
        SoftKey.reset("0x8000", 2, 5);
        module = Pkcs11Module.open(library, (String) null);
        SoftKey.initToken(module.library(), 0, "usb");
        SoftKey.generateKey(module, 0, "k");
        uri = "pkcs11:token=usb;object=k?module-path=" + library + "&x-monitor-ms=0&pin-source=file:" + SoftKey.userPinFile(dir);
    }

    @AfterAll
    static void tearDown() throws Exception {
        SoftKey.insert(0);
        if (module != null) {
            module.close();
        }
    }

    @Test
    void thePollNoticesRemovalAndReinsertion() throws Exception {
        LinkedBlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
        module.addListener(events::add);
        try (KeyHandle key = KeyProviders.load(CRYPTO).open(uri, KeyOptions.none())) {
            assertTrue(CRYPTO.sm2().verify(key.publicKey(), MESSAGE, key.sign(MESSAGE)));
            module.poll();
            assertNull(events.poll());

            SoftKey.pull(0);
            module.poll();
            TokenEvent removed = events.poll();
            assertEquals(TokenEvent.Kind.REMOVED, removed.kind());
            assertEquals("usb", removed.label());
            assertEquals(0, removed.slotId());
            TokenAbsentException absent = assertThrows(TokenAbsentException.class, () -> key.sign(MESSAGE));
            assertTrue(absent.getMessage().contains("no token matching token=usb"), absent.getMessage());
            module.poll();
            assertNull(events.poll(), "one event per removal");

            SoftKey.insert(0);
            module.poll();
            assertEquals(TokenEvent.Kind.INSERTED, events.poll().kind());
            assertTrue(CRYPTO.sm2().verify(key.publicKey(), MESSAGE, key.sign(MESSAGE)), "logged in again");
        } finally {
            module.removeListener(events::add);
        }
    }

    @Test
    void anOperationThatMeetsAnEmptySlotReportsTheRemoval() throws Exception {
        LinkedBlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
        module.addListener(events::add);
        try (KeyHandle key = KeyProviders.load(CRYPTO).open(uri, KeyOptions.none())) {
            key.sign(MESSAGE);
            SoftKey.pull(0);
            assertThrows(TokenAbsentException.class, () -> key.sign(MESSAGE));
            assertEquals(TokenEvent.Kind.REMOVED, events.poll().kind());
            SoftKey.insert(0);
            assertTrue(CRYPTO.sm2().verify(key.publicKey(), MESSAGE, key.sign(MESSAGE)));
        }
    }
}
