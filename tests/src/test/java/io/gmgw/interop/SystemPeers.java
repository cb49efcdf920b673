package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's rule for tests that need a program of the system (a peer such as the OpenSSL CLI): on a developer
 * machine that lacks it they are skipped, with the reason and how to install it; where the environment says
 * {@code CI=true} the same lack is a failure, because CI must always run the real thing and a silent skip there would
 * hide a missing interop check.
 */
public final class SystemPeers {
    /** The environment variable that CI sets; {@code true} (any case) turns skips into failures. */
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
            fail(reason + " [CI=true: interop peers are required in CI, so this is a failure, not a skip]");
        }
        Assumptions.abort(reason + " [skipped on this machine; with CI=true this is a failure]");
    }

    public static boolean isCi(Map<String, String> environment) {
        return "true".equalsIgnoreCase(environment.getOrDefault(CI_VARIABLE, "").strip());
    }
}
