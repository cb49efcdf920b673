package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.fail;

import io.gmgw.testing.SystemPeers;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The OpenSSL 3 command line as a test peer. Every call runs the program directly (no shell), with its standard input,
 * output and error redirected to files in the test's working directory: nothing can deadlock on a full pipe, and the
 * only wait is {@link Process#waitFor(long, TimeUnit)} with a per-call timeout. A call that times out is killed and
 * fails the test with the command and what it wrote to stderr; it never hangs the build.
 *
 * <p>{@link #require(Path)} finds the program ({@code -Dgmgw.openssl=/path/to/openssl}, else the first
 * {@code openssl} on {@code PATH}) and checks that it offers SM2, SM3 and SM4; a machine without them skips, CI fails
 * (see {@link SystemPeers}).
 */
final class OpenSslCli {
    static final String EXECUTABLE_PROPERTY = "gmgw.openssl";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final String INSTALL_HINT = "install Debian package openssl (OpenSSL 3.x)";

    /** The exit code, output and error output of one call. */
    record Result(List<String> command, int exitCode, byte[] stdout, String stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String describe() {
            return String.join(" ", command) + " exited with " + exitCode + "; stderr: " + stderr.strip();
        }
    }

    private final Path executable;
    private final Path workDir;
    private final Duration timeout;
    private int calls;

    OpenSslCli(Path executable, Path workDir, Duration timeout) {
        this.executable = executable;
        this.workDir = workDir;
        this.timeout = timeout;
    }

    /**
     * The OpenSSL CLI with GM algorithms, working in {@code workDir} (a JUnit {@code @TempDir}); skips or, under
     * {@code CI=true}, fails the test when there is none.
     */
    static OpenSslCli require(Path workDir) {
        Optional<Path> found = find(System.getProperty(EXECUTABLE_PROPERTY), System.getenv("PATH"));
        SystemPeers.require(found.isPresent(), "openssl CLI not found"
                + (System.getProperty(EXECUTABLE_PROPERTY) != null
                        ? " at -D" + EXECUTABLE_PROPERTY + "=" + System.getProperty(EXECUTABLE_PROPERTY)
                        : " on PATH")
                + ": " + INSTALL_HINT);
        OpenSslCli cli = new OpenSslCli(found.orElseThrow(), workDir, DEFAULT_TIMEOUT);
        Optional<String> missing = cli.missingGmSupport();
        SystemPeers.require(missing.isEmpty(), missing.orElse(""));
        return cli;
    }

    /** {@code override} when it names an executable file, else the first executable {@code openssl} on {@code path}. */
    static Optional<Path> find(String override, String path) {
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override.strip());
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "openssl");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * What this OpenSSL lacks of SM2, SM3, SM4 (CBC, ECB, CTR) and HMAC, or empty when it has them all. Builds with
     * {@code no-sm2}/{@code no-sm3}/{@code no-sm4} (some distributions ship those) or LibreSSL land here.
     */
    Optional<String> missingGmSupport() {
        Result version = exec(new byte[0], "version");
        if (version.exitCode() != 0 || !version.stdoutText().startsWith("OpenSSL 3.")) {
            return Optional.of(executable + " is not OpenSSL 3.x (" + version.stdoutText().strip() + " "
                    + version.stderr().strip() + "): " + INSTALL_HINT);
        }
        List<String> missing = new ArrayList<>();
        Map<String, List<String>> wanted = Map.of(
                "-digest-algorithms", List.of("SM3"),
                "-cipher-algorithms", List.of("SM4-CBC", "SM4-ECB", "SM4-CTR"),
                "-public-key-algorithms", List.of("SM2"),
                "-mac-algorithms", List.of("HMAC"));
        for (Map.Entry<String, List<String>> e : wanted.entrySet()) {
            Result list = exec(new byte[0], "list", e.getKey());
            for (String algorithm : e.getValue()) {
                Pattern word = Pattern.compile("(?<![A-Za-z0-9-])" + Pattern.quote(algorithm) + "(?![A-Za-z0-9-])");
                if (list.exitCode() != 0 || !word.matcher(list.stdoutText()).find()) {
                    missing.add(algorithm + " (not in 'openssl list " + e.getKey() + "')");
                }
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        missing.sort(null);
        return Optional.of(version.stdoutText().strip() + " at " + executable + " lacks " + String.join(", ", missing)
                + ": " + INSTALL_HINT + ", built with SM2, SM3 and SM4");
    }

    Path executable() {
        return executable;
    }

    /** Writes {@code content} to a file named {@code name} in the working directory and returns its path. */
    Path write(String name, byte[] content) {
        Path p = workDir.resolve(name);
        try {
            Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A fresh file name in the working directory (nothing is created). */
    Path newFile(String prefix) {
        return workDir.resolve(prefix + "-" + (++calls));
    }

    /** Writes {@code content} to a fresh file in the working directory, for an {@code -in}-style argument. */
    Path input(String prefix, byte[] content) {
        return write(newFile(prefix).getFileName().toString(), content);
    }

    /** Runs {@code openssl args…} with {@code stdin}, requires exit code 0 and returns what it wrote to stdout. */
    byte[] run(byte[] stdin, String... args) {
        Result r = exec(stdin, args);
        if (r.exitCode() != 0) {
            fail("openssl failed: " + r.describe());
        }
        return r.stdout();
    }

    /** {@link #run(byte[], String...)} with empty standard input. */
    byte[] run(String... args) {
        return run(new byte[0], args);
    }

    /**
     * Runs {@code openssl args…} with {@code stdin} and returns its result whatever the exit code. Fails the test when
     * the program cannot be started or does not finish within the timeout (it is then killed).
     */
    Result exec(byte[] stdin, String... args) {
        int call = ++calls;
        Path in = workDir.resolve("call-" + call + ".stdin");
        Path out = workDir.resolve("call-" + call + ".stdout");
        Path err = workDir.resolve("call-" + call + ".stderr");
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(executable.toString());
        command.addAll(List.of(args));
        Process process;
        try {
            Files.write(in, stdin);
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
        } catch (IOException e) {
            return fail("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + timeout.toMillis()
                        + " ms and was killed; stderr so far: " + readText(err).strip());
            }
            return new Result(List.copyOf(command), process.exitValue(), Files.readAllBytes(out), readText(err));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for " + String.join(" ", command), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readText(Path p) {
        try {
            return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
