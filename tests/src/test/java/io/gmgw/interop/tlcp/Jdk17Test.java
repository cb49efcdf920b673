package io.gmgw.interop.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the Java 17 runtime for BGMProvider is found. */
class Jdk17Test {
    @Test
    void takesTheFirstPlaceWhoseReleaseFileSaysJava17(@TempDir Path dir) throws Exception {
        Path jdk25 = fakeJdk(dir.resolve("temurin-25"), "25.0.1");
        Path jdk8 = fakeJdk(dir.resolve("java-8"), "1.8.0_402");
        Path jdk17 = fakeJdk(dir.resolve("java-17-openjdk"), "17.0.15");
        Path noJava = dir.resolve("empty");
        Files.createDirectories(noJava);
        Jdk17.Lookup found = Jdk17.find(null, List.of(noJava, jdk25, jdk8, jdk17));
        assertEquals(Optional.of(jdk17), found.home());
        assertEquals(jdk17.resolve("bin/java"), found.java());
        assertEquals(Optional.of(8), Jdk17.feature(jdk8));
    }

    @Test
    void theOverrideWinsWhateverItsVersionAndABadOneSaysSo(@TempDir Path dir) throws Exception {
        Path jdk17 = fakeJdk(dir.resolve("java-17"), "17.0.2");
        Path other = fakeJdk(dir.resolve("custom"), "21.0.1");
        assertEquals(Optional.of(other), Jdk17.find(other.toString(), List.of(jdk17)).home());
        Jdk17.Lookup bad = Jdk17.find(dir.resolve("nowhere").toString(), List.of(jdk17));
        assertTrue(bad.home().isEmpty());
        assertTrue(bad.reason().contains(Jdk17.ENV) && bad.reason().contains("nowhere"), bad.reason());
    }

    @Test
    void nothingFoundNamesWhatToInstall(@TempDir Path dir) throws Exception {
        Jdk17.Lookup none = Jdk17.find("  ", List.of(fakeJdk(dir.resolve("j25"), "25")));
        assertTrue(none.home().isEmpty());
        assertTrue(none.reason().contains("openjdk-17-jre-headless"), none.reason());
    }

    private static Path fakeJdk(Path home, String version) throws Exception {
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
