package io.gmgw.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * What is running: gmgw's version (Maven-filtered into {@code build.properties}), the commit it was built from
 * ({@code git describe} at build time, when the source was a git checkout), the JVM, and Bouncy Castle's version
 * from its jar's manifest. Reading it starts no cryptography.
 */
public record VersionInfo(String gmgw, String commit, String java, String javaVendor, String javaHome,
                          String bouncyCastle) {
    static final String UNKNOWN = "unknown";
    private static final Pattern DESCRIBE = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]{0,79}");

    public static VersionInfo current() {
        return new VersionInfo(buildProperty("version"), builtCommit(), Runtime.version().toString(),
                System.getProperty("java.vendor", UNKNOWN), System.getProperty("java.home", UNKNOWN),
                bouncyCastleVersion());
    }

    /** The text form: one line each for gmgw, Java and Bouncy Castle. */
    public List<String> lines() {
        String built = commit.equals(UNKNOWN) ? "" : " (built from " + commit + ")";
        return List.of("gmgw " + gmgw + built,
                "Java " + java + " (" + javaVendor + ", " + javaHome + ")",
                "Bouncy Castle " + bouncyCastle);
    }

    private static String buildProperty(String key) {
        try (InputStream in = VersionInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty(key, UNKNOWN);
            return v.startsWith("${") ? UNKNOWN : v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gmgw's build.properties", e);
        }
    }

    /** Written by the build (exec-maven-plugin runs git describe); absent outside a git checkout. */
    private static String builtCommit() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("git-describe.txt")) {
            if (in == null) {
                return UNKNOWN;
            }
            String v = new String(in.readNBytes(200), StandardCharsets.UTF_8).strip();
            return DESCRIBE.matcher(v).matches() ? v : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    private static String bouncyCastleVersion() {
        URL provider = VersionInfo.class.getClassLoader()
                .getResource("org/bouncycastle/jce/provider/BouncyCastleProvider.class");
        if (provider == null) {
            return "not on the class path";
        }
        try {
            if (provider.openConnection() instanceof JarURLConnection jar) {
                Manifest manifest = jar.getManifest();
                String version = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }
}
