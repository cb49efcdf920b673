package io.gmgw.cli.token;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The soft smart key the token tests drive: its library (built by pkcs11-bridge; missing means skip on a laptop,
 * failure under CI=true) and a fresh store configured with {@code softkey.conf}.
 */
final class SoftKeyFixture {
    private SoftKeyFixture() {
    }

    /** The soft key's shared library, or the test is skipped (failed under CI) with what to install. */
    static Path library() {
        String p = System.getProperty("gmgw.softkey.library");
        Path library = p == null ? null : Path.of(p);
        if (library == null || !Files.isRegularFile(library)) {
            String msg = "the gmgw soft smart key is not built (" + p + "): build pkcs11-bridge with gcc and "
                    + "libssl-dev installed";
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return library;
    }

    /** Empties the soft key's store and writes {@code config} as its softkey.conf. */
    static void freshStore(String config) throws IOException {
        Path store = Path.of(System.getProperty("gmgw.softkey.store"));
        if (Files.exists(store)) {
            try (Stream<Path> s = Files.walk(store)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(store);
        Files.writeString(store.resolve("softkey.conf"), config);
    }
}
