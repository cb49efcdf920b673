package io.gmgw.interop.tlcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a Java 17 runtime for peers that cannot run on the build's JDK 25 (BGMProvider uses JDK internals that later
 * JDKs removed). Only {@code bin/java} is needed: the harness compiles the peer programs itself, with the build JDK's
 * compiler at {@code --release 17}.
 *
 * <p>Where it looks, in order: the environment variable {@value #ENV} or the system property {@value #PROPERTY}
 * (a Java home, taken as given, whatever its version), then the usual install places ({@code /usr/lib/jvm/*},
 * {@code /opt/*}, {@code ~/.sdkman/candidates/java/*}, {@code ~/.jdks/*},
 * {@code /Library/Java/JavaVirtualMachines/*}{@code /Contents/Home}), where a runtime whose {@code release} file says
 * Java 17 is taken.
 */
public final class Jdk17 {
    public static final String ENV = "GMGW_JDK17";
    public static final String PROPERTY = "gmgw.jdk17";
    public static final String INSTALL_HINT = "install a Java 17 runtime (Debian: apt-get install "
            + "openjdk-17-jre-headless) or point " + ENV + " at one";
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(?:1\\.)?(\\d+)[^\"]*\"",
            Pattern.MULTILINE);

    /** What the search found: a Java home, or why there is none. */
    public record Lookup(Optional<Path> home, String reason) {
        public Path java() {
            return home.orElseThrow(() -> new IllegalStateException(reason)).resolve("bin").resolve("java");
        }
    }

    private Jdk17() {
    }

    /** The search of this machine, with this process's environment and system properties. */
    public static Lookup find() {
        String home = System.getProperty("user.home", "/nonexistent");
        List<Path> places = new ArrayList<>();
        places.addAll(children(Path.of("/usr/lib/jvm")));
        places.addAll(children(Path.of("/opt")));
        places.addAll(children(Path.of(home, ".sdkman", "candidates", "java")));
        places.addAll(children(Path.of(home, ".jdks")));
        children(Path.of("/Library/Java/JavaVirtualMachines")).forEach(p -> places.add(p.resolve("Contents/Home")));
        String override = System.getenv(ENV);
        if (override == null || override.isBlank()) {
            override = System.getProperty(PROPERTY);
        }
        return find(override, places);
    }

    /** The search with an explicit override (null or blank for none) and candidate places, for tests. */
    static Lookup find(String override, List<Path> places) {
        if (override != null && !override.isBlank()) {
            Path home = Path.of(override.strip());
            if (Files.isExecutable(home.resolve("bin").resolve("java"))) {
                return new Lookup(Optional.of(home), "");
            }
            return new Lookup(Optional.empty(), ENV + "/" + PROPERTY + " is " + home + ", which has no "
                    + "executable bin/java; point it at a Java 17 home");
        }
        for (Path p : places) {
            if (Files.isExecutable(p.resolve("bin").resolve("java")) && feature(p).orElse(0) == 17) {
                return new Lookup(Optional.of(p), "");
            }
        }
        return new Lookup(Optional.empty(), "no Java 17 runtime found (looked in " + ENV + ", " + PROPERTY
                + ", /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks, /Library/Java/JavaVirtualMachines): " + INSTALL_HINT);
    }

    /** The feature version in the {@code release} file of a Java home (17 for "17.0.15", 8 for "1.8.0_402"). */
    static Optional<Integer> feature(Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release"), StandardCharsets.UTF_8));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
