package io.gmgw.gateway.keys;

import io.gmgw.gateway.GatewayException;

/**
 * A key opened, but what must come with it does not: it has no certificate, or its certificate does not belong to
 * it. The message names the option or configuration key and says what to give instead.
 */
public final class KeyWiringException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /** What is missing or wrong. */
    public enum Problem {
        /** No certificate was named and none is kept with the key. */
        NO_CERTIFICATE,
        /** A key and its certificate (or the two certificates of a double certificate) do not belong together. */
        MISMATCH
    }

    private final Problem problem;

    public KeyWiringException(Problem problem, String message) {
        super(Kind.CONFIG, message);
        this.problem = problem;
    }

    public KeyWiringException(Problem problem, String message, Throwable cause) {
        super(Kind.CONFIG, message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
