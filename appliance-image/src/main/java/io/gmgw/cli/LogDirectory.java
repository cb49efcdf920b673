package io.gmgw.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where gmgw keeps its logs: {@code gmgw.log} (text, rotated by Logback) and {@code audit.log} (the hash-chained
 * audit log). In order: the {@value #PROPERTY} system property, the {@value #ENV} environment variable (the systemd
 * unit sets {@code /var/log/gmgw}), else the user's state directory ({@code $XDG_STATE_HOME/gmgw}, by default
 * {@code ~/.local/state/gmgw}) — never the current directory or a source checkout.
 */
public final class LogDirectory {
    public static final String PROPERTY = "gmgw.log.dir";
    public static final String ENV = "GMGW_LOG_DIR";
    /** The audit log's name in the log directory. */
    public static final String AUDIT_LOG = "audit.log";

    private LogDirectory() {
    }

    static Path resolve(Properties properties, Map<String, String> env) {
        String configured = properties.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = env.get(ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        String state = env.get("XDG_STATE_HOME");
        Path base = state != null && Path.of(state).isAbsolute() ? Path.of(state)
                : Path.of(properties.getProperty("user.home", "."), ".local", "state");
        return base.resolve("gmgw").toAbsolutePath().normalize();
    }

    /**
     * Resolves the directory for this process and sets {@value #PROPERTY}, which conf/logback.xml reads; call it
     * before anything logs.
     */
    static Path configure() {
        Path dir = resolve(System.getProperties(), System.getenv());
        System.setProperty(PROPERTY, dir.toString());
        return dir;
    }

    /** The log directory of this process (gmgw.log, audit.log), as {@link #configure()} resolved it. */
    public static Path current() {
        return resolve(System.getProperties(), System.getenv());
    }

    /** The audit log of this process: {@code audit.log} in the resolved directory. */
    static Path auditLog() {
        return resolve(System.getProperties(), System.getenv()).resolve(AUDIT_LOG);
    }
}
