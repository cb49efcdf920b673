package io.gmgw.cli.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs {@code gmgw pki ...} in-process for the tests, all on one approved deterministic module (thread-safe; its
 * DRBG moves on, so every run gets new keys and serials), and reads what the commands wrote.
 */
final class PkiCli {
    static final CryptoModule MODULE = TestModules.deterministic("pki-cli-tests");

    private PkiCli() {
    }

    static GmgwRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("pki"));
        all.addAll(List.of(args));
        return GmgwRun.run(() -> MODULE, all.toArray(String[]::new));
    }

    /** Runs and requires exit 0. */
    static GmgwRun ok(String... args) {
        GmgwRun r = run(args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    /** Runs and requires {@code code}, with a one-line message on stderr naming the command. */
    static GmgwRun fails(int code, String... args) {
        GmgwRun r = run(args);
        assertEquals(code, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("gmgw pki " + args[0] + ": "), r::toString);
        return r;
    }

    /** A fresh PKI in {@code dir} made by {@code pki init} (unencrypted keys). */
    static PkiFolder init(Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("init", "--dir", dir.toString()));
        args.addAll(List.of(more));
        ok(args.toArray(String[]::new));
        return new PkiFolder(dir);
    }

    static Sm2Certificate certificate(Path file) {
        List<Sm2Certificate> certs = certificates(file);
        assertEquals(1, certs.size(), file::toString);
        return certs.get(0);
    }

    static List<Sm2Certificate> certificates(Path file) {
        return Sm2Certificate.fromPem(read(file));
    }

    static Sm2Crl crl(Path file) {
        return Sm2Crl.fromPem(read(file)).get(0);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code dir} with a checksum of its content: to show that a failed command changed nothing. */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                try {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(Files.readAllBytes(p));
                    files.put(dir.relativize(p).toString(), Long.toHexString(crc.getValue()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
