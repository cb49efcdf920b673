package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.fail;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The native PKCS#11 modules the tests drive: skipped with a reason when missing, a failure under CI (CI=true),
 * where they must run.
 */
public final class NativePeers {
    private NativePeers() {
    }

    /** The soft smart key built by this module's Maven build. */
    public static Path softKey() {
        return require("gmgw.softkey.library", "the gmgw soft smart key",
                "it is built by './mvnw -pl pkcs11-bridge compile' when gcc and OpenSSL 3 headers are installed"
                        + " (apt-get install gcc libssl-dev)");
    }

    /** Debian's SoftHSM 2 module. */
    public static Path softHsm() {
        return require("gmgw.softhsm.library", "SoftHSM 2", "apt-get install softhsm2");
    }

    private static Path require(String property, String what, String hint) {
        String p = System.getProperty(property);
        Path path = p == null ? null : Path.of(p);
        if (path == null || !Files.isRegularFile(path)) {
            String msg = what + " is not available" + (path == null ? "" : " at " + path) + ": " + hint;
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return path;
    }

    /** Runs a command, returns its stdout; fails the test with stderr when it exits non-zero. */
    public static String run(Path dir, String... command) throws Exception {
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
