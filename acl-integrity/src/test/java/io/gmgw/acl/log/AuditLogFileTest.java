package io.gmgw.acl.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclTestPki;
import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.AuditEventType;
import io.gmgw.audit.AuditException;
import io.gmgw.audit.Outcome;
import io.gmgw.crypto.CryptoModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log file: events appended as chained records that {@link AuditChain} verifies, from many threads at once;
 * a crash-cut last record saved and replaced by a repair event; a damaged tail, an unwritable place and a full disk
 * each refused with what to do; nothing written twice or lost.
 */
class AuditLogFileTest {
    private static final CryptoModule MODULE = AclTestPki.module("audit-log", AclTestPki.DURING);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static Audit audit(AuditLogFile log) {
        return new Audit(log, CLOCK, Actor.ofThisProcess("gmgw test"), Map.of("run", "r1"));
    }

    @Test
    void eventsAreChainedRecordsTheVerifierAccepts() throws IOException {
        Path file = dir.resolve("logs/audit.log");
        AuditLogFile log = AuditLogFile.open(file);
        Audit audit = audit(log);
        audit.success(AuditEventType.CA_ISSUE).subject("CN=alice").object("/pki").correlate("serial", "0a1b").write();
        audit.failure(AuditEventType.TOKEN_LOGIN, "wrong PIN").object("token 'gw'").detail("triesLeft", 2).write();

        AuditChain chain = AuditChain.read(MODULE, file);
        assertTrue(chain.intact(), () -> chain.problem().toString());
        assertEquals(2, chain.records().size());
        ChainRecord.Event second = (ChainRecord.Event) chain.records().get(1);
        assertEquals("token.login", second.event().event());
        assertEquals(Outcome.FAILURE, second.event().outcome());
        assertEquals("wrong PIN", second.event().reason());
        assertEquals(Map.of("run", "r1"), second.event().correlation());
        assertEquals(Map.of("triesLeft", "2"), second.event().details());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void anEditedEventBreaksTheChain() throws IOException {
        Path file = dir.resolve("audit.log");
        Audit audit = audit(AuditLogFile.open(file));
        audit.failure(AuditEventType.TOKEN_LOGIN, "wrong PIN").subject("alice").write();
        audit.success(AuditEventType.TOKEN_LOGIN).subject("alice").write();
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("\"outcome\":\"failure\"", "\"outcome\":\"success\""));
        AuditChain chain = AuditChain.read(MODULE, file);
        assertFalse(chain.intact());
        assertEquals(2, chain.problem().orElseThrow().seq());

        Files.writeString(file, text.substring(text.indexOf('\n') + 1)); // first record removed
        assertEquals(1, AuditChain.read(MODULE, file).problem().orElseThrow().seq());
    }

    @Test
    void manyThreadsAndTwoWritersOfOneFileLoseNothing() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditLogFile first = AuditLogFile.open(file);
        AuditLogFile second = AuditLogFile.open(file); // as another process would: its own remembered tail
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Audit audit = audit(t % 2 == 0 ? first : second).withCorrelation("thread", Integer.toString(t));
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    audit.success(AuditEventType.KEY_OPEN).object("key " + i).write();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        AuditChain chain = AuditChain.read(MODULE, file);
        assertTrue(chain.intact(), () -> chain.problem().toString());
        assertEquals(threads * each, chain.records().size());
    }

    @Test
    void aCrashCutRecordIsSavedAndReplacedByARepairEvent() throws IOException {
        Path file = dir.resolve("audit.log");
        Audit audit = audit(AuditLogFile.open(file));
        audit.success(AuditEventType.CA_INIT).object("/pki").write();
        byte[] torn = "{\"seq\":2,\"type\":\"event\",\"prev\":\"12".getBytes(StandardCharsets.UTF_8);
        Files.write(file, torn, StandardOpenOption.APPEND);

        Audit again = audit(AuditLogFile.open(file)); // the next process to open the log repairs it
        again.success(AuditEventType.CA_ISSUE).subject("CN=bob").write();

        AuditChain chain = AuditChain.read(MODULE, file);
        assertTrue(chain.intact(), () -> chain.problem().toString());
        assertEquals(3, chain.records().size());
        AuditEvent repair = ((ChainRecord.Event) chain.records().get(1)).event();
        assertEquals("audit.tail-repaired", repair.event());
        assertEquals(Integer.toString(torn.length), repair.details().get("bytes"));
        assertEquals(HexFormat.of().formatHex(sm3(torn)), repair.details().get("sm3"));
        Path saved = dir.resolve(repair.details().get("savedTo"));
        assertArrayEquals(torn, Files.readAllBytes(saved));
        assertEquals("ca.issue", ((ChainRecord.Event) chain.records().get(2)).event().event());
    }

    @Test
    void aFileCutInsideItsOnlyRecordIsRepairedToo() throws IOException {
        Path file = dir.resolve("audit.log");
        Files.writeString(file, "{\"seq\":1,\"ty");
        audit(AuditLogFile.open(file)).success(AuditEventType.CA_INIT).write();
        AuditChain chain = AuditChain.read(MODULE, file);
        assertTrue(chain.intact(), () -> chain.problem().toString());
        assertEquals(List.of("audit.tail-repaired", "ca.init"), chain.records().stream()
                .map(r -> ((ChainRecord.Event) r).event().event()).toList());
    }

    @Test
    void aDamagedLastRecordIsRefusedWithWhatToDo() throws IOException {
        Path file = dir.resolve("audit.log");
        Files.writeString(file, "this is not a record\n");
        AuditException e = assertThrows(AuditException.class, () -> AuditLogFile.open(file));
        assertTrue(e.getMessage().contains("is damaged") && e.getMessage().contains("gmgw audit verify")
                && e.getMessage().contains("move the file aside"), e.getMessage());
        assertEquals("this is not a record\n", Files.readString(file), "nothing appended to a damaged log");
    }

    @Test
    void aPlaceThatCannotHoldTheLogIsRefusedWithWhatToDo() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        AuditException e = assertThrows(AuditException.class, () -> AuditLogFile.open(notAFolder.resolve("a.log")));
        assertTrue(e.getMessage().startsWith("cannot write the audit log " + notAFolder.resolve("a.log")),
                e.getMessage());
    }

    @Test
    void aFullDiskIsReportedAsSuch() {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC, as on a full disk
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "no writable /dev/full here");
        AuditLogFile log = AuditLogFile.open(full);
        AuditException e = assertThrows(AuditException.class,
                () -> audit(log).success(AuditEventType.CA_INIT).write());
        assertTrue(e.getMessage().contains("the disk is full"), e.getMessage());
    }

    private static byte[] sm3(byte[] data) {
        SM3Digest d = new SM3Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
