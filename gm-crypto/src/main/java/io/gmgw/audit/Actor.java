package io.gmgw.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Who acted: the operating-system user and uid, the host, the process id and the program (for example
 * {@code gmgw pki issue}). A person behind a VPN session or a certificate is the event's subject, not its actor.
 *
 * @param uid the numeric user id, or -1 where the platform does not tell
 */
public record Actor(String user, long uid, String host, long pid, String program) {
    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(program, "program");
    }

    /** This process, running {@code program}. */
    public static Actor ofThisProcess(String program) {
        return new Actor(System.getProperty("user.name", "unknown"), processUid(), hostName(), ProcessHandle.current().pid(),
                program);
    }

    /** The same process, now running {@code newProgram} (a subcommand once it is known). */
    public Actor running(String newProgram) {
        return new Actor(user, uid, host, pid, newProgram);
    }

    private static long processUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return -1;
        }
    }

    /* The kernel's host name, without a DNS lookup (InetAddress.getLocalHost can block on a resolver). */
    private static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "unknown" : env.strip();
    }
}
