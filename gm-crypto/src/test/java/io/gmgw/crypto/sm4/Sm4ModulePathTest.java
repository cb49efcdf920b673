package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SM4 key wiping where gm-crypto and Bouncy Castle are named modules, as they will be in the jlink image: the
 * classpath-only trick of reaching into Bouncy Castle's SM4 engine by a private lookup fails there, which is why the
 * round keys are gm-crypto's own. Packs gm-crypto's classes (and {@link Sm4ModulePathProbe}) as the automatic module
 * {@code io.gmgw.crypto}, starts a JVM with it and Bouncy Castle's jar on {@code --module-path}, and expects the probe
 * to find the round keys zeroed in place.
 */
class Sm4ModulePathTest {
    @TempDir
    Path dir;

    @Test
    void roundKeysAreWipedWithBouncyCastleAsANamedModule() throws Exception {
        Path classes = location(Sm4RoundKeys.class);
        Path probe = location(Sm4ModulePathProbe.class);
        Path bouncyCastle = location(SM4Engine.class);
        Path jar = dir.resolve("gm-crypto.jar");
        pack(jar, classes, probe, Sm4ModulePathProbe.class.getName().replace('.', '/') + ".class");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--module-path", jar + File.pathSeparator + bouncyCastle,
                "--add-modules", "ALL-MODULE-PATH", "-m", "io.gmgw.crypto/" + Sm4ModulePathProbe.class.getName())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("round keys zeroed in place; gm-crypto in module io.gmgw.crypto, Bouncy Castle in"
                + " module org.bouncycastle.provider"), out);
    }

    private static Path location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** gm-crypto's compiled classes and resources, plus one probe class file, as a jar named io.gmgw.crypto. */
    private static void pack(Path jar, Path classes, Path testClasses, String probe) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Automatic-Module-Name"), "io.gmgw.crypto");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                add(out, classes.relativize(f).toString().replace('\\', '/'), f);
            }
            add(out, probe, testClasses.resolve(probe));
        }
    }

    private static void add(JarOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new JarEntry(name));
        Files.copy(file, out);
        out.closeEntry();
    }
}
