package io.gmgw.gateway.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the control socket is when the configuration does not say ({@code control.socket} in gateway.yaml) and
 * {@code --socket} is not given: the gateway and the {@code gmgw status}/{@code sessions} commands use this one
 * rule, so both find the same file.
 * <ul>
 *   <li>root: {@value #SYSTEM_PATH} (the service unit's {@code RuntimeDirectory=gmgw});</li>
 *   <li>anyone else: {@code $XDG_RUNTIME_DIR/gmgw/control.sock} (the user's private runtime folder);</li>
 *   <li>anyone else without {@code XDG_RUNTIME_DIR}: {@code /tmp/gmgw-UID/control.sock}, which the gateway
 *   creates owner-only and refuses when someone else made it first.</li>
 * </ul>
 */
public final class ControlSocketPaths {
    public static final String SYSTEM_PATH = "/run/gmgw/control.sock";
    public static final String FILE_NAME = "control.sock";
    /** Longest socket path: sun_path holds 108 bytes with the terminating NUL (unix(7)). */
    public static final int MAX_PATH_BYTES = 107;

    private ControlSocketPaths() {
    }

    /** The default for this process (its uid and environment). */
    public static Path defaultPath() {
        return defaultPath(processUid(), System.getenv());
    }

    /** The default for a process of user {@code uid} with {@code environment}. */
    public static Path defaultPath(long uid, Map<String, String> environment) {
        if (uid == 0) {
            return Path.of(SYSTEM_PATH);
        }
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Path.of(runtime).isAbsolute()) {
            return Path.of(runtime, "gmgw", FILE_NAME);
        }
        return Path.of("/tmp", "gmgw-" + (uid < 0 ? "unknown" : Long.toString(uid)), FILE_NAME);
    }

    /** Null when {@code socket} fits a socket address, else what is wrong with it. */
    public static String problem(Path socket) {
        int length = socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        return length <= MAX_PATH_BYTES ? null : "the path is " + length + " bytes long; a Unix-domain socket's path "
                + "may have at most " + MAX_PATH_BYTES + ": choose a shorter one";
    }

    /** This process's uid, -1 where the system does not tell. */
    static long processUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return -1;
        }
    }
}
