package io.gmgw.cli.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CA this user may not read is a permission problem (77), never "no CA": the message names the file and its owner
 * and says not to create a new CA. Run in a child process; as root the child drops the capabilities that let root
 * read anything (setpriv from util-linux), so the folder's mode applies as it does to an operator.
 */
class PkiPermissionTest {
    @TempDir
    Path tmp;

    @Test
    void anUnreadableCaIsAPermissionProblemNotAMissingCa() throws Exception {
        Path dir = tmp.resolve("pki");
        PkiCli.init(dir);
        PkiFolder folder = new PkiFolder(dir);
        Files.setPosixFilePermissions(folder.intermediate().directory(), PosixFilePermissions.fromString("---------"));
        try {
            Result r = gmgw("pki", "issue", "--dir", dir.toString(), "--client", "bob");
            assertEquals(77, r.code, r.output);
            assertTrue(r.output.contains("permission denied reading the issuing CA certificate "
                    + folder.intermediate().certificate()), r.output);
            assertTrue(r.output.contains("do not create a new one"), r.output);
            assertFalse(r.output.contains("pki init"), "never advises a second CA: " + r.output);
        } finally {
            Files.setPosixFilePermissions(folder.intermediate().directory(),
                    PosixFilePermissions.fromString("rwx------"));
        }
    }

    private record Result(int code, String output) {
    }

    private Result gmgw(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            Path setpriv = SystemPeers.requireProgram("setpriv", "running as root, the test drops root's file "
                    + "capabilities with setpriv: install Debian package util-linux");
            command.addAll(List.of(setpriv.toString(), "--bounding-set=-dac_override,-dac_read_search", "--"));
        }
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "-Dgmgw.log.dir=" + tmp.resolve("logs"),
                "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile"),
                "io.gmgw.cli.Gmgw"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gmgw finished");
        return new Result(p.exitValue(), output);
    }
}
