package io.gmgw.interop.tlcp;

import java.io.File;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Where the peers' jars and program sources are, and the compiled programs. Maven's dependency plugin copies the jars
 * to {@code target/peers/NAME/} (tests/pom.xml); the programs' sources live in {@code src/peers/NAME/}; both places
 * come to the tests as the system properties {@value #PEERS_DIR} and {@value #PEERS_SRC} (relative defaults for an
 * IDE run from the module directory). Each program is compiled once by the build JDK's compiler at
 * {@code --release 17} into a jar in {@code target/peers/classes/} and recompiled only when its source is newer,
 * which saves the second or two a source-file launch ({@code java Peer.java}) would spend compiling on every start.
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
     * A jar with the compiled program {@code peer/ClassName.java}, compiling it first when needed. A jar rather than
     * a class directory because class-data sharing ({@link #classDataSharing}) archives classes from jars only.
     *
     * @throws PeerFailedException when the source is missing or does not compile
     */
    static synchronized Path compiled(String peer, String className, List<Path> classPath) {
        Path source = sourcesDir().resolve(peer).resolve(className + ".java");
        Path out = peersDir().resolve("classes").resolve(peer);
        Path jar = peersDir().resolve("classes").resolve(peer + "-" + className + ".jar");
        try {
            if (!Files.isRegularFile(source)) {
                throw new PeerFailedException("peer program source " + source + " not found (system property "
                        + PEERS_SRC + ")");
            }
            FileTime sourceTime = Files.getLastModifiedTime(source);
            if (Files.isRegularFile(jar) && Files.getLastModifiedTime(jar).compareTo(sourceTime) >= 0) {
                return jar;
            }
            deleteTree(out);
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
            Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
            try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(partial));
                    Stream<Path> classes = Files.list(out)) {
                for (Path c : classes.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                    j.putNextEntry(new JarEntry(c.getFileName().toString()));
                    j.write(Files.readAllBytes(c));
                    j.closeEntry();
                }
            }
            return Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PeerFailedException("cannot compile peer program " + source + ": " + e, e);
        }
    }

    /**
     * JVM options for class-data sharing of a peer's classes (JDK 13+ dynamic archives): the archive made at the exit
     * of the first launch of this class path in this test run is mapped by every later one, which roughly halves a
     * BGMProvider JVM's start (1.3-2.0 s to 0.5-0.8 s per client here). The archive's name hashes the java
     * executable and every class path entry's name, size and time, so a changed jar or JDK gets a new one; the JVM
     * checks it anyway and runs without it (a warning in the transcript) when it does not match.
     */
    static synchronized List<String> classDataSharing(Path java, List<Path> classPath) {
        try {
            StringBuilder key = new StringBuilder(java.toRealPath().toString());
            for (Path p : classPath) {
                key.append('|').append(p).append(':').append(Files.size(p)).append(':')
                        .append(Files.getLastModifiedTime(p).toMillis());
            }
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
            Path archive = peersDir().resolve("cds").resolve(hash + ".jsa");
            if (Files.isRegularFile(archive)) {
                return List.of("-XX:SharedArchiveFile=" + archive);
            }
            if (ARCHIVING.add(archive)) {
                Files.createDirectories(archive.getParent());
                return List.of("-XX:ArchiveClassesAtExit=" + archive);
            }
            return List.of();
        } catch (IOException | NoSuchAlgorithmException e) {
            return List.of();
        }
    }

    /** Archives some launch of this test JVM is making; only one launch writes each. */
    private static final Set<Path> ARCHIVING = new HashSet<>();

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String classPath(List<Path> first, List<Path> then) {
        List<String> parts = new ArrayList<>();
        first.forEach(p -> parts.add(p.toString()));
        then.forEach(p -> parts.add(p.toString()));
        return String.join(File.pathSeparator, parts);
    }
}
