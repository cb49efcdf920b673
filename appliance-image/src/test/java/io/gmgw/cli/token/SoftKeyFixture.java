package io.gmgw.cli.token;

import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The soft smart key the token tests drive: its library (built by pkcs11-bridge; missing means skip on a laptop,
 * failure under CI, by {@link SystemPeers}) and a fresh store configured with {@code softkey.conf}.
 */
public final class SoftKeyFixture {
    private SoftKeyFixture() {
    }

    /** The soft key's shared library, or the test is skipped (failed under CI) with what to install. */
    public static Path library() {
        return SystemPeers.requireFile("gmgw.softkey.library", "the gmgw soft smart key",
                "it is built by pkcs11-bridge ('./mvnw -pl pkcs11-bridge compile') when gcc and OpenSSL 3 headers are"
                        + " installed (apt-get install gcc libssl-dev)");
    }

    /** Empties the soft key's store and writes {@code config} as its softkey.conf. */
    public static void freshStore(String config) throws IOException {
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
