package io.gmgw.crypto.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.AuditException;
import io.gmgw.audit.Outcome;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every opening of a private key is a key.open record: which key, and why not when it fails; no password in it. */
class KeyOpenAuditTest {
    private final List<AuditEvent> events = new ArrayList<>();
    private final CryptoModule module = CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {9})
            .audit(new Audit(events::add, Clock.systemUTC(), Actor.ofThisProcess("test"), Map.of())));

    @TempDir
    Path dir;

    @Test
    void successesAndWrongPasswordsAreRecorded() throws IOException {
        Sm2PrivateKey key = module.sm2().generateKeyPair().privateKey();
        Path file = Files.writeString(dir.resolve("sign.key.pem"), PrivateKeyPem.writeEncrypted(module, key,
                "right-horse".toCharArray(), PrivateKeyPem.KeyEncryption.SM4, 1000));
        events.clear();

        try (KeyHandle h = KeyProviders.load(module).open(file.toString(),
                KeyOptions.withPassword(PasswordSource.of("right-horse".toCharArray())))) {
            assertEquals(1, events.size());
            assertEquals("key.open", events.get(0).event());
            assertEquals(Outcome.SUCCESS, events.get(0).outcome());
            assertEquals(h.description(), events.get(0).object());
        }
        assertThrows(KeyLoadException.class, () -> KeyProviders.load(module).open(file.toString(),
                KeyOptions.withPassword(PasswordSource.of("wrong-horse".toCharArray()))));
        AuditEvent failed = events.get(1);
        assertEquals(Outcome.FAILURE, failed.outcome());
        assertEquals("wrong_password", failed.details().get("kind"));
        assertTrue(failed.object().contains(file.toString()), failed.object());
        assertFalse(failed.toJson().contains("horse"), "no password in a record");
    }

    @Test
    void pinValuesInUrisNeverReachARecord() {
        assertThrows(KeyLoadException.class, () -> KeyProviders.of(module).open(
                "pkcs11:token=gw;object=sign?pin-value=1234", KeyOptions.none()));
        assertEquals("pkcs11:token=gw;object=sign?pin-value=***", events.get(events.size() - 1).object());
    }

    @Test
    void aKeyWhoseOpeningCannotBeRecordedIsNotHandedOut() throws IOException {
        Sm2PrivateKey key = module.sm2().generateKeyPair().privateKey();
        Path file = Files.writeString(dir.resolve("k.pem"), PrivateKeyPem.write(key));
        CryptoModule strict = CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {10})
                .audit(new Audit(e -> {
                    if (e.event().equals("key.open")) {
                        throw new AuditException("disk full");
                    }
                }, Clock.systemUTC(), Actor.ofThisProcess("test"), Map.of())));
        assertThrows(AuditException.class, () -> KeyProviders.load(strict).open(file.toString(), KeyOptions.none()));
    }
}
