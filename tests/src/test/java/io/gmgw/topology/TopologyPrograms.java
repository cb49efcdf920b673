package io.gmgw.topology;

import io.gmgw.testing.SystemPeers;
import io.gmgw.testing.TestPrograms;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The small programs of the topology tests, kept as test resources beside this class (icmp-probe.py in gm-crypto's
 * test-jar, {@link TestPrograms}, as gateway-ipsec's tests run it too) and copied into a topology's work directory
 * (executable) before use, so that they run under {@code ip netns exec} like any system program:
 * <ul>
 *   <li>{@code packet-peer.py}: the packet end of {@code openconnect --script-tun} (pings through {@code $VPNFD});</li>
 *   <li>{@code icmp-probe.py}: ICMP echo for set-up time and round-trip time (the test machines have no ping(8));</li>
 *   <li>{@code tcp-transfer.py}: a one-connection TCP transfer, file to file;</li>
 *   <li>{@code vpnc-script.sh}: applies openconnect's address, MTU and routes to its TUN device, nothing else.</li>
 * </ul>
 * The Python programs need Python 3 (Debian package python3, which {@code .ci/run} installs).
 */
public final class TopologyPrograms {
    public static final String PACKET_PEER = "packet-peer.py";
    public static final String ICMP_PROBE = TestPrograms.ICMP_PROBE;
    public static final String TCP_TRANSFER = "tcp-transfer.py";
    public static final String VPNC_SCRIPT = "vpnc-script.sh";

    private final Path dir;
    private final Path python;

    private TopologyPrograms(Path dir, Path python) {
        this.dir = dir;
        this.python = python;
    }

    /** Copies every program into {@code workDir}/programs; skips or fails ({@link SystemPeers}) without Python 3. */
    public static TopologyPrograms install(Path workDir) {
        // Debian's interpreter first: a version manager's shim on PATH (pyenv) costs a shell per start.
        Path python = Files.isExecutable(Path.of("/usr/bin/python3")) ? Path.of("/usr/bin/python3")
                : SystemPeers.requireProgram("python3", "install Debian package python3");
        Path dir = workDir.resolve("programs");
        try {
            Files.createDirectories(dir);
            TestPrograms.install(ICMP_PROBE, dir.resolve(ICMP_PROBE));
            for (String name : new String[] {PACKET_PEER, TCP_TRANSFER, VPNC_SCRIPT}) {
                try (InputStream in = TopologyPrograms.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException("test resource io/gmgw/topology/" + name + " is missing");
                    }
                    Path target = dir.resolve(name);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the topology programs in " + dir, e);
        }
        return new TopologyPrograms(dir, python);
    }

    /** The installed program {@code name} (one of the constants). */
    public Path path(String name) {
        return dir.resolve(name);
    }

    /** The Python 3 interpreter the Python programs run with. */
    public Path python() {
        return python;
    }
}
