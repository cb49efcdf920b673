package io.gmgw.sslvpn.client.tun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks, before any connection is made, that TUN mode can work here: {@code /dev/net/tun} exists and the process
 * has CAP_NET_ADMIN (root has it), read from {@code CapEff} in {@code /proc/self/status} (proc(5)). So a user without
 * the privilege learns it at once, not after logging in to the gateway.
 */
public final class TunPreflight {
    /** CAP_NET_ADMIN's bit number (linux/capability.h). */
    static final int CAP_NET_ADMIN = 12;
    static final String UNPRIVILEGED = "use --script-tun --script CMD (a program takes the packets, no root "
            + "needed) or --ping ADDR";

    private final Path device;
    private final Path status;

    TunPreflight(Path device, Path status) {
        this.device = device;
        this.status = status;
    }

    /** Checks this process on this host. */
    public static TunPreflight here() {
        return new TunPreflight(Path.of("/dev/net/tun"), Path.of("/proc/self/status"));
    }

    /** What stands in the way, with what to do; empty when TUN mode can start. */
    public Optional<Problem> problem() {
        if (!Files.exists(device)) {
            return Optional.of(new Problem(false, device + " does not exist: load the tun module (modprobe tun) or, in"
                    + " a container, pass the device in (--device /dev/net/tun); or " + UNPRIVILEGED));
        }
        Optional<Boolean> admin = hasNetAdmin();
        if (admin.isPresent() && !admin.get()) {
            return Optional.of(new Problem(true, "TUN mode creates a network interface and sets routes, which needs "
                    + "root or CAP_NET_ADMIN: run gmgw connect as root (or with CAP_NET_ADMIN), or "
                    + UNPRIVILEGED));
        }
        return Optional.empty(); // unknown capabilities (no /proc): let opening the device tell
    }

    /** {@code permission}: the privilege is missing (else the system lacks the device). */
    public record Problem(boolean permission, String message) {
    }

    private Optional<Boolean> hasNetAdmin() {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return Optional.of((caps & (1L << CAP_NET_ADMIN)) != 0);
                }
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
