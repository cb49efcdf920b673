package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.pkcs11.key.Pkcs11KeyHandle;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.TokenEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The presence monitor the key provider starts: a gateway holding only a key handle registers a listener on its
 * module and hears, without any operation, that the key was pulled out and put back.
 */
class TokenMonitorTest {
    private static final CryptoModule CRYPTO = TestModules.production();

    @Test
    void aListenerOnTheKeysModuleHearsRemovalWithoutAnyOperation(@TempDir Path dir) throws Exception {
        Path library = NativePeers.softKey();
        SoftKey.reset("0x8000", 1, 5);
        try (Pkcs11Module module = Pkcs11Module.open(library, (String) null)) {
            SoftKey.initToken(module.library(), 0, "watched");
            long s = module.library().openSession(0, true);
            module.library().login(s, Ck.CKU_USER, SoftKey.USER_PIN.toCharArray());
            TokenKeys.generate(module.library(), s, module.profile(), "k", null);
            module.library().closeSession(s);
            String uri = "pkcs11:token=watched;object=k?module-path=" + library + "&x-monitor-ms=20&pin-source=file:"
                    + SoftKey.userPinFile(dir);
            LinkedBlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
            try (KeyHandle key = KeyProviders.load(CRYPTO).open(uri, KeyOptions.none())) {
                Pkcs11KeyHandle token = (Pkcs11KeyHandle) key;
                token.module().addListener(events::add);
                assertTrue(token.tokenDescription().contains("'watched'"), token.tokenDescription());
                SoftKey.pull(0);
                TokenEvent removed = events.poll(30, TimeUnit.SECONDS);
                assertNotNull(removed, "no REMOVED event from the monitor");
                assertEquals(TokenEvent.Kind.REMOVED, removed.kind());
                assertEquals("watched", removed.label());
                SoftKey.insert(0);
                TokenEvent inserted = events.poll(30, TimeUnit.SECONDS);
                assertNotNull(inserted, "no INSERTED event from the monitor");
                assertEquals(TokenEvent.Kind.INSERTED, inserted.kind());
                byte[] m = "back".getBytes(StandardCharsets.US_ASCII);
                assertTrue(CRYPTO.sm2().verify(key.publicKey(), m, key.sign(m)));
            } finally {
                SoftKey.insert(0);
            }
        }
    }
}
