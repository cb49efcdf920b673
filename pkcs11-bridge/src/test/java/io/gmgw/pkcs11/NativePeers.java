package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.fail;

import io.gmgw.testing.SystemPeers;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The native PKCS#11 modules the tests drive: skipped with a reason when missing, a failure under CI, where they must
 * run ({@link SystemPeers}, the project's one rule).
 */
public final class NativePeers {
    private NativePeers() {
    }

    /** The soft smart key built by this module's Maven build. */
    public static Path softKey() {
        return SystemPeers.requireFile("gmgw.softkey.library", "the gmgw soft smart key",
                "it is built by './mvnw -pl pkcs11-bridge compile' when gcc and OpenSSL 3 headers are installed"
                        + " (apt-get install gcc libssl-dev)");
    }

    /** Debian's SoftHSM 2 module. */
    public static Path softHsm() {
        return SystemPeers.requireFile("gmgw.softhsm.library", "SoftHSM 2", "apt-get install softhsm2");
    }

    /**
     * Runs a command, returns its stdout; fails the test with stderr when it exits non-zero. A program that is not
     * installed (the OpenSSL CLI) skips the test, or fails it under CI.
     */
    public static String run(Path dir, String... command) throws Exception {
        SystemPeers.requireProgram(command[0], "apt-get install " + command[0]);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            fail(String.join(" ", command) + " exited " + rc + ": " + Files.readString(dir.resolve("stderr.txt")));
        }
        return out;
    }
}
