package io.gmgw.crypto.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.pki.RevocationReason;
import io.gmgw.crypto.pki.RevokedCertificate;
import io.gmgw.files.DurableFiles;
import io.gmgw.files.ExclusiveFileLock;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateFilesTest {
    @TempDir
    Path tmp;

    @Test
    void theLedgerRemembersEveryClaimAcrossLoads() throws IOException {
        Path file = tmp.resolve("serials.txt");
        SerialLedgerFile ledger = SerialLedgerFile.create(file, "test CA");
        assertTrue(ledger.claim(BigInteger.valueOf(0xABC)));
        assertFalse(ledger.claim(BigInteger.valueOf(0xABC)), "a serial is used once");
        assertTrue(ledger.claim(BigInteger.valueOf(0x123)));

        SerialLedgerFile again = SerialLedgerFile.load(file, "test CA");
        assertFalse(again.claim(BigInteger.valueOf(0xABC)), "the claim survived the process");
        assertEquals(List.of(BigInteger.valueOf(0xABC), BigInteger.valueOf(0x123)),
                again.entries().stream().map(SerialLedgerFile.Entry::serial).toList());
        assertTrue(Files.readString(file).contains("\nABC\n"), "hex, upper case, one per line");
    }

    @Test
    void aSubjectCannotAddLinesToAStateFile() {
        String line = new SerialLedgerFile.Entry(BigInteger.TEN, Instant.EPOCH, "CN=a\nB0B\tx").line();
        assertEquals("A\t1970-01-01T00:00:00Z\tCN=a?B0B?x", line);
        String revoked = new RevocationIndex.Entry(new RevokedCertificate(BigInteger.TEN, Instant.EPOCH,
                RevocationReason.KEY_COMPROMISE), "CN=x\r\nFF").line();
        assertEquals("A\t1970-01-01T00:00:00Z\tkeyCompromise\tCN=x??FF", revoked);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"XYZ", "-5", "0", "ABC\tnot-a-date\tCN=x", "ABC\t2030-01-01T00:00:00Z", "ABC\nABC"})
    void aDamagedLedgerIsMalformedInputWithItsLine(String content) throws IOException {
        Path file = Files.writeString(tmp.resolve("serials.txt"), "# comment\n\n" + content + "\n");

        CaException e = assertThrows(CaException.class, () -> SerialLedgerFile.load(file, "test CA"));

        assertEquals(CaException.Kind.DAMAGED, e.kind());
        assertTrue(e.getMessage().startsWith(file + " line "), e.getMessage());
        assertTrue(e.getMessage().contains("restore it from a backup"), e.getMessage());
    }

    @Test
    void theRevocationIndexKeepsDateReasonAndSubject() throws IOException {
        Path file = tmp.resolve("revoked.txt");
        RevocationIndex index = RevocationIndex.create(file, "test CA");
        RevokedCertificate r = new RevokedCertificate(BigInteger.valueOf(77), Instant.parse("2030-01-02T03:04:05Z"),
                RevocationReason.AA_COMPROMISE);
        index.add(r, "CN=x");

        RevocationIndex again = RevocationIndex.load(file, "test CA");
        assertEquals(List.of(r), again.revocations());
        assertEquals("CN=x", again.find(BigInteger.valueOf(77)).orElseThrow().subject());
        assertTrue(Files.readString(file).contains("4D\t2030-01-02T03:04:05Z\taACompromise\tCN=x"));
        assertThrows(IllegalStateException.class, () -> again.add(r, "CN=x"));

        Files.writeString(file, "4D\t2030-01-02T03:04:05Z\tforgot\n");
        CaException bad = assertThrows(CaException.class, () -> RevocationIndex.load(file, "x"));
        assertTrue(bad.getMessage().contains("line 1 'forgot' is not an RFC 5280 revocation reason"),
                bad.getMessage());
    }

    @Test
    void crlNumbersOnlyGrow() throws IOException {
        Path file = tmp.resolve("crlnumber");
        CrlNumberFile.write(file, BigInteger.ONE);
        assertEquals(BigInteger.TWO, CrlNumberFile.next(file));
        assertEquals(BigInteger.valueOf(3), CrlNumberFile.next(file));
        assertEquals(BigInteger.valueOf(3), CrlNumberFile.last(file));

        Files.writeString(file, "3\n4\n");
        assertEquals(CaException.Kind.DAMAGED,
                assertThrows(CaException.class, () -> CrlNumberFile.last(file)).kind());
        Files.delete(file);
        CaException missing = assertThrows(CaException.class, () -> CrlNumberFile.last(file));
        assertEquals(CaException.Kind.NO_CA, missing.kind());
        assertTrue(missing.getMessage().contains(file + " is missing"), missing.getMessage());
    }

    @Test
    void durableWritesReplaceWholeFilesWithTheRightModeAndLeaveNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("state");
        DurableFiles.replace(file, "one".getBytes(), false);
        DurableFiles.replace(file, "two".getBytes(), false);
        Path key = tmp.resolve("key.pem");
        DurableFiles.replace(key, "secret".getBytes(), true);

        assertEquals("two", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("key.pem", "state"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> DurableFiles.create(file, "three".getBytes(), false));
    }

    @Test
    void aSecondLockHolderWaitsForTheFirstAndSaysSo() throws Exception {
        PkiFolder folder = new PkiFolder(Files.createDirectories(tmp.resolve("pki")));
        CountDownLatch saidWaiting = new CountDownLatch(1);
        AtomicBoolean secondHeld = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread second;
        try (ExclusiveFileLock first = folder.lock(null)) {
            second = new Thread(() -> {
                try (ExclusiveFileLock lock = folder.lock(notice -> {
                    if (notice.contains("waiting for " + folder.lockFile())) {
                        saidWaiting.countDown();
                    }
                })) {
                    secondHeld.set(true);
                } catch (IOException | RuntimeException e) {
                    failure.set(e);
                }
            });
            second.start();
            assertTrue(saidWaiting.await(30, TimeUnit.SECONDS), "the second command says it waits");
            assertFalse(secondHeld.get(), "and does not get the lock while the first holds it");
        }
        second.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(null, failure.get());
        assertTrue(secondHeld.get(), "it gets the lock once the first lets go");
        try (ExclusiveFileLock again = folder.lock(null)) {
            assertTrue(Files.exists(folder.lockFile()));
        }
    }
}
