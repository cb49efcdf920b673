package io.gmgw.gateway.otp;

/**
 * The verifier's tolerances; every number is configurable because no GM source fixes them (docs/otp.md).
 *
 * @param timeStepsBehind how many intervals before the expected one a time-based password is still accepted
 *     (network delay, a user slow to type)
 * @param timeStepsAhead how many intervals after the expected one (a token clock running fast)
 * @param counterLookAhead how many event-counter values past the next expected one are tried (presses of the token's
 *     button that never reached the server), RFC 4226 §7.4
 * @param maxDriftSteps the largest clock drift, in intervals, learned from successful logins; the window is centred
 *     on the token's expected step plus this drift
 * @param maxFailures failed tries in a row after which the token is locked until an operator unlocks it
 */
public record OtpPolicy(int timeStepsBehind, int timeStepsAhead, int counterLookAhead, int maxDriftSteps,
        int maxFailures) {
    /** Upper bounds that keep one verification to a few hundred SM3/SM4 computations. */
    public static final int MAX_TIME_WINDOW = 10;
    public static final int MAX_COUNTER_LOOK_AHEAD = 50;
    public static final int MAX_DRIFT_STEPS = 60;
    public static final int MAX_FAILURES = 100;

    /**
     * One interval either side (RFC 6238 §5.2 recommends at most one step of network delay; the appendix-era vendor
     * verifier tries up to three), ten counter values ahead, up to ten intervals of learned drift, locked after five
     * failures in a row.
     */
    public static final OtpPolicy DEFAULT = new OtpPolicy(1, 1, 10, 10, 5);

    public OtpPolicy {
        check("time-steps-behind", timeStepsBehind, 0, MAX_TIME_WINDOW);
        check("time-steps-ahead", timeStepsAhead, 0, MAX_TIME_WINDOW);
        check("counter-look-ahead", counterLookAhead, 0, MAX_COUNTER_LOOK_AHEAD);
        check("max-drift-steps", maxDriftSteps, 0, MAX_DRIFT_STEPS);
        check("max-failures", maxFailures, 1, MAX_FAILURES);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("otp " + name + " must be " + min + " to " + max + ", got " + value);
        }
    }
}
