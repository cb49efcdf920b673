package io.gmgw.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's one rule for tests that need something of the system (a program such as the OpenSSL CLI or
 * {@code nft}, a native PKCS#11 module built by gcc, root for network namespaces, a Java 17 runtime): on a developer
 * machine that lacks it the test is <b>skipped</b>, with what is missing and how to install it; under CI the same lack
 * is a <b>failure</b>, because CI must always run the real thing and a silent skip there would hide a missing check.
 * Every module's tests use this class (gm-crypto's test jar, a test-scoped dependency of every module).
 *
 * <p>Reading CI: the environment variable {@code CI}, trimmed and compared without case. Unset, empty, {@code false}
 * or {@code 0} mean "not CI"; any other value ({@code true}, {@code TRUE}, {@code 1}, {@code yes}) means CI. This is
 * the convention of the CI services that set the variable, and the same rule as pkcs11-bridge's native build script.
 */
public final class SystemPeers {
    /** The environment variable that CI sets. */
    public static final String CI_VARIABLE = "CI";

    private SystemPeers() {
    }

    /** Passes when {@code present}; otherwise skips (developer machine) or fails (CI) with {@code reason}. */
    public static void require(boolean present, String reason) {
        require(System.getenv(), present, reason);
    }

    /** {@link #require(boolean, String)} against a given environment (the rule's own tests pass one in). */
    public static void require(Map<String, String> environment, boolean present, String reason) {
        if (present) {
            return;
        }
        if (isCi(environment)) {
            fail(reason + " [CI=" + environment.get(CI_VARIABLE).strip() + ": what the tests need must be present in"
                    + " CI, so this is a failure, not a skip]");
        }
        Assumptions.abort(reason + " [skipped on this machine; under CI (CI=true) this is a failure]");
    }

    /**
     * The file a system property names (set by the module's surefire configuration), or skip/fail when it is unset or
     * not a regular file. {@code what} names the thing ("the gmgw soft smart key"), {@code install} how to get it.
     */
    public static Path requireFile(String property, String what, String install) {
        String p = System.getProperty(property);
        Path path = p == null || p.isBlank() ? null : Path.of(p);
        require(path != null && Files.isRegularFile(path), what + " is not available"
                + (path == null ? " (system property " + property + " is not set)" : " at " + path) + ": " + install);
        return path;
    }

    /**
     * The program {@code name} from PATH (and /usr/sbin, /sbin, where root's tools live), or skip/fail saying it is
     * not found and {@code install}.
     */
    public static Path requireProgram(String name, String install) {
        Path found = findProgram(name);
        require(found != null, name + " not found on PATH: " + install);
        return found;
    }

    /** The program {@code name} from PATH, /usr/sbin or /sbin; null when there is none. */
    public static Path findProgram(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Whether this environment is CI, by the rule in the class comment. */
    public static boolean isCi(Map<String, String> environment) {
        String v = environment.get(CI_VARIABLE);
        if (v == null) {
            return false;
        }
        v = v.strip().toLowerCase(Locale.ROOT);
        return !v.isEmpty() && !v.equals("false") && !v.equals("0");
    }

    /** Whether this process runs under CI. */
    public static boolean isCi() {
        return isCi(System.getenv());
    }
}
