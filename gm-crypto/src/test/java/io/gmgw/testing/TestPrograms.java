package io.gmgw.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Small programs that tests of several modules run beside a system peer, kept once as resources of this test-jar
 * ({@code io/gmgw/testing/}) and copied out, executable, where a process (under {@code ip netns exec}) can run them:
 * <ul>
 *   <li>{@code icmp-probe.py}: ICMP echo over a raw socket that outlasts "network unreachable", for tunnel set-up time
 *   and round-trip time (the test machines have no ping(8)); used by the topology tests and gateway-ipsec's
 *   strongSwan ESP test. Needs Python 3.</li>
 * </ul>
 */
public final class TestPrograms {
    public static final String ICMP_PROBE = "icmp-probe.py";

    private TestPrograms() {
    }

    /** Copies program {@code name} (a constant of this class) to {@code target}, executable, and returns it. */
    public static Path install(String name, Path target) {
        try (InputStream in = TestPrograms.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource io/gmgw/testing/" + name + " is missing");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the test program " + name + " as " + target, e);
        }
    }
}
