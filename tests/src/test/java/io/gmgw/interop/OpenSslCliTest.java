package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * The process runner under the interop suites, driven with small stand-in programs (shell scripts) so that its failure
 * paths — a non-zero exit, a program that never ends, an OpenSSL without GM algorithms — are exercised on every machine.
 */
class OpenSslCliTest {
    @TempDir
    Path dir;

    @Test
    void passesBytesThroughStdinAndStdout() throws IOException {
        OpenSslCli cli = new OpenSslCli(script("cat", "exec cat"), dir, Duration.ofSeconds(10));
        byte[] all = new byte[256 * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, cli.run(all));
        assertArrayEquals(new byte[0], cli.run(new byte[0]));
    }

    @Test
    void passesArgumentsWithoutAShell() throws IOException {
        OpenSslCli cli = new OpenSslCli(script("args", "for a in \"$@\"; do printf '[%s]' \"$a\"; done"), dir,
                Duration.ofSeconds(10));
        assertEquals("[a b][$HOME][;][*]", new String(cli.run("a b", "$HOME", ";", "*")));
    }

    @Test
    void nonZeroExitFailsWithTheCommandsStderr() throws IOException {
        OpenSslCli cli = new OpenSslCli(script("boom", "echo 'boom: bad option' >&2; exit 3"), dir,
                Duration.ofSeconds(10));
        OpenSslCli.Result r = cli.exec(new byte[0], "dgst");
        assertEquals(3, r.exitCode());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> cli.run("dgst"));
        assertTrue(e.getMessage().contains("exited with 3") && e.getMessage().contains("boom: bad option"),
                e.getMessage());
    }

    @Test
    void aProgramThatNeverEndsIsKilledAndFailsTheTest() throws IOException {
        // 'tail -f' follows /dev/null forever: a stand-in for a peer stuck waiting.
        OpenSslCli cli = new OpenSslCli(script("stuck", "echo 'waiting for godot' >&2; exec tail -f /dev/null"), dir,
                Duration.ofMillis(1500));
        long t0 = System.nanoTime();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> cli.run("pkeyutl"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("did not finish within 1500 ms")
                && e.getMessage().contains("waiting for godot"), e.getMessage());
        assertTrue(ms < 10_000, "timeout took " + ms + " ms");
    }

    @Test
    void findHonoursTheOverrideAndThePath() throws IOException {
        Path fake = script("openssl", "exit 0");
        assertEquals(Optional.of(fake), OpenSslCli.find(fake.toString(), "/nonexistent"));
        assertEquals(Optional.empty(), OpenSslCli.find(dir.resolve("missing").toString(), dir.toString()));
        assertEquals(Optional.of(fake), OpenSslCli.find(null, "/nonexistent:" + dir));
        assertEquals(Optional.empty(), OpenSslCli.find(null, "/nonexistent"));
        assertEquals(Optional.empty(), OpenSslCli.find(null, null));
    }

    @Test
    void anOpenSslWithoutGmAlgorithmsIsReportedWithWhatItLacks() throws IOException {
        Path noSm = script("openssl-no-sm", """
                case "$1" in
                  version) echo 'OpenSSL 3.0.99 (stand-in without SM)';;
                  list) printf 'Provided:\\n  SHA256\\n  AES-128-CBC\\n  { 1.2.840.10045.2.1, EC } @ default\\n  HMAC\\n  SM3-FAKE\\n';;
                esac""");
        Optional<String> missing = new OpenSslCli(noSm, dir, Duration.ofSeconds(10)).missingGmSupport();
        assertTrue(missing.isPresent());
        String m = missing.get();
        assertTrue(m.contains("SM3 (") && m.contains("SM4-CBC (") && m.contains("SM4-CTR (")
                && m.contains("SM2 (") && !m.contains("HMAC ("), m);
        assertTrue(m.contains("install Debian package openssl"), m);
    }

    @Test
    void somethingThatIsNotOpenSsl3IsReported() throws IOException {
        Path libre = script("openssl-libre", "echo 'LibreSSL 3.8.2'");
        Optional<String> missing = new OpenSslCli(libre, dir, Duration.ofSeconds(10)).missingGmSupport();
        assertTrue(missing.isPresent() && missing.get().contains("is not OpenSSL 3.x"), missing.toString());
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
