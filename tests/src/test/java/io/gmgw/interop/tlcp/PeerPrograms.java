package io.gmgw.interop.tlcp;

import java.io.File;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Where the peers' jars and program sources are, and the compiled programs. Maven's dependency plugin copies the jars
 * to {@code target/peers/NAME/} (tests/pom.xml); the programs' sources live in {@code src/peers/NAME/}; both places
 * come to the tests as the system properties {@value #PEERS_DIR} and {@value #PEERS_SRC} (relative defaults for an
 * IDE run from the module directory). Each program is compiled once by the build JDK's compiler at
 * {@code --release 17} into {@code target/peers/classes/NAME/} and recompiled only when its source is newer, which
 * saves the second or two a source-file launch ({@code java Peer.java}) would spend compiling on every start.
 */
final class PeerPrograms {
    static final String PEERS_DIR = "gmgw.peers.dir";
    static final String PEERS_SRC = "gmgw.peers.src";
    static final String FETCH_HINT = "run './mvnw -pl tests generate-test-resources' (maven-dependency-plugin copies "
            + "the peer jars to tests/target/peers)";

    private PeerPrograms() {
    }

    static Path peersDir() {
        return Path.of(System.getProperty(PEERS_DIR, "target/peers")).toAbsolutePath();
    }

    static Path sourcesDir() {
        return Path.of(System.getProperty(PEERS_SRC, "src/peers")).toAbsolutePath();
    }

    /** The jars in {@code target/peers/peer}, one for each expected artifact name prefix, or why not. */
    static Jars jars(String peer, List<String> expectedPrefixes) {
        Path dir = peersDir().resolve(peer);
        List<Path> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> s = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            all = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            all = List.of();
        }
        for (String prefix : expectedPrefixes) {
            List<Path> match = all.stream().filter(p -> p.getFileName().toString().startsWith(prefix + "-")).toList();
            if (match.size() == 1) {
                found.add(match.get(0));
            } else {
                missing.add(prefix + (match.isEmpty() ? "" : " (" + match.size() + " versions)"));
            }
        }
        String reason = missing.isEmpty() ? "" : "peer jars missing in " + dir + ": " + String.join(", ", missing)
                + "; " + FETCH_HINT;
        return new Jars(List.copyOf(found), reason);
    }

    record Jars(List<Path> paths, String missingReason) {
        boolean present() {
            return missingReason.isEmpty();
        }
    }

    /**
     * The directory with the compiled program {@code peer/ClassName.java}, compiling it first when needed.
     *
     * @throws PeerFailedException when the source is missing or does not compile
     */
    static synchronized Path compiled(String peer, String className, List<Path> classPath) {
        Path source = sourcesDir().resolve(peer).resolve(className + ".java");
        Path out = peersDir().resolve("classes").resolve(peer);
        Path classFile = out.resolve(className + ".class");
        try {
            if (!Files.isRegularFile(source)) {
                throw new PeerFailedException("peer program source " + source + " not found (system property "
                        + PEERS_SRC + ")");
            }
            FileTime sourceTime = Files.getLastModifiedTime(source);
            if (Files.isRegularFile(classFile) && Files.getLastModifiedTime(classFile).compareTo(sourceTime) >= 0) {
                return out;
            }
            Files.createDirectories(out);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new PeerFailedException("the test JVM has no Java compiler (java.compiler module); run the "
                        + "tests on a JDK");
            }
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int status = javac.run(null, diagnostics, diagnostics, "--release", "17", "-Xlint:all", "-encoding",
                    "UTF-8", "-d", out.toString(), "-cp", classPath(List.of(), classPath), source.toString());
            if (status != 0) {
                throw new PeerFailedException("peer program " + source + " does not compile:\n"
                        + diagnostics.toString(StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new PeerFailedException("cannot compile peer program " + source + ": " + e, e);
        }
    }

    static String classPath(List<Path> first, List<Path> then) {
        List<String> parts = new ArrayList<>();
        first.forEach(p -> parts.add(p.toString()));
        then.forEach(p -> parts.add(p.toString()));
        return String.join(File.pathSeparator, parts);
    }
}
