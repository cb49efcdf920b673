package io.gmgw.cli.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.log.ChainRecord;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.Outcome;
import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.testing.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token operations in the audit log: initialisation, logins, wrong PINs with the tries left, the lock-out and the
 * SO's unblock, each one chained record; no PIN ever in a record.
 */
class TokenAuditTest {
    private static final CryptoModule MODULE = TestModules.deterministic("token-audit");

    @TempDir
    Path dir;

    private GmgwRun run(Path log, Path library, String... args) {
        List<String> all = new ArrayList<>(List.of("token", args[0], "--module", library.toString()));
        all.addAll(List.of(args).subList(1, args.length));
        return GmgwRun.withAuditLog(log, MODULE, all.toArray(String[]::new));
    }

    @Test
    void initLoginsWrongPinsLockOutAndUnblockAreEachRecorded() throws IOException {
        Path library = SoftKeyFixture.library();
        SoftKeyFixture.freshStore("profile = 0x8000\nslots = 2\nuser_pin_retries = 3\n");
        Path so = SecretFiles.write(dir.resolve("so.pin"), "so-secret-77\n");
        Path user = SecretFiles.write(dir.resolve("user.pin"), "user-secret-42\n");
        Path wrong = SecretFiles.write(dir.resolve("wrong.pin"), "guess-0000\n");
        Path log = dir.resolve("audit.log");

        assertEquals(0, run(log, library, "init", "--slot", "0", "--label", "gw", "--so-pin-source", "file:" + so,
                "--pin-source", "file:" + user).exitCode());
        assertEquals(0, run(log, library, "login-test", "--token", "gw", "--pin-source", "file:" + user).exitCode());
        for (int i = 0; i < 3; i++) {
            assertEquals(77, run(log, library, "login-test", "--token", "gw", "--pin-source", "file:" + wrong)
                    .exitCode());
        }
        assertEquals(77, run(log, library, "login-test", "--token", "gw", "--pin-source", "file:" + user).exitCode(),
                "locked: even the right PIN is refused");
        assertEquals(0, run(log, library, "unblock", "--token", "gw", "--so-pin-source", "file:" + so,
                "--new-pin-source", "file:" + user).exitCode());

        AuditChain chain = AuditChain.read(MODULE, log);
        assertTrue(chain.intact(), () -> chain.problem().toString());
        List<AuditEvent> events = chain.records().stream().map(r -> ((ChainRecord.Event) r).event()).toList();
        // The soft key answers the wrong PIN of the last try with CKR_PIN_LOCKED: that attempt is the lock-out.
        assertEquals(List.of("token.init", "token.login", "token.login", "token.login", "token.locked",
                "token.locked", "token.unblock"), events.stream().map(AuditEvent::event).toList());
        assertEquals(Outcome.SUCCESS, events.get(1).outcome());
        AuditEvent firstWrong = events.get(2);
        assertEquals(Outcome.FAILURE, firstWrong.outcome());
        assertTrue(firstWrong.reason().startsWith("wrong PIN: "), firstWrong.reason());
        assertEquals("file " + wrong, firstWrong.details().get("pinSource"));
        assertTrue(events.get(3).reason().contains("one more wrong PIN locks"), events.get(3).reason());
        assertTrue(events.get(4).reason().contains("gmgw token unblock"), events.get(4).reason());
        assertEquals(events.get(0).subject(), events.get(4).subject(), "the same token's serial");
        assertEquals("gmgw token unblock", events.get(6).actor().program());
        String text = Files.readString(log);
        assertFalse(text.contains("guess-0000") || text.contains("user-secret-42") || text.contains("so-secret-77"),
                "no PIN in the audit log");
    }
}
