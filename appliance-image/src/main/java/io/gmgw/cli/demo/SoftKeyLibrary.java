package io.gmgw.cli.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the soft smart key's shared library, which pkcs11-bridge builds from C ({@code
 * pkcs11-bridge/target/native/libgmgw-softkey.so}, docs/pkcs11.md). In order: the {@value #PROPERTY} system property
 * (surefire sets it; an operator can with {@code GMGW_JAVA_OPTS=-Dgmgw.softkey.library=FILE}), then the checkout the
 * running gmgw was built in: {@code ./gmgw} runs {@code appliance-image/target/gmgw.jar}, the tests run {@code
 * appliance-image/target/classes}, and both are three folders below the checkout.
 */
final class SoftKeyLibrary {
    static final String PROPERTY = "gmgw.softkey.library";
    static final String FILE_NAME = "libgmgw-softkey.so";

    /** Where it was looked for, and what was found. */
    record Search(Optional<Path> library, List<Path> lookedAt) {
        /** What to do when it is missing, for the demo's error. */
        String missing() {
            return "the soft smart key library " + FILE_NAME + " is not built (looked at " + String.join(", ",
                    lookedAt.stream().map(Path::toString).toList()) + "). pkcs11-bridge builds it from C when gcc "
                    + "and the OpenSSL 3 headers are installed: apt-get install gcc libssl-dev, then "
                    + "'./mvnw -pl pkcs11-bridge compile' (or let ./gmgw rebuild), or name a built one with "
                    + "GMGW_JAVA_OPTS=-D" + PROPERTY + "=FILE";
        }
    }

    private SoftKeyLibrary() {
    }

    static Search locate() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured).toAbsolutePath().normalize());
        }
        checkout().ifPresent(root -> candidates.add(root.resolve("pkcs11-bridge/target/native").resolve(FILE_NAME)));
        return new Search(candidates.stream().filter(Files::isRegularFile).findFirst(), List.copyOf(candidates));
    }

    /** The checkout gmgw runs from: three folders above its jar or classes folder, when it looks like one. */
    private static Optional<Path> checkout() {
        CodeSource source = SoftKeyLibrary.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path code = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
            Path target = code.getParent();
            if (target == null || !target.getFileName().toString().equals("target") || target.getParent() == null
                    || target.getParent().getParent() == null) {
                return Optional.empty();
            }
            return Optional.of(target.getParent().getParent());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
