package io.gmgw.gateway.otp;

/**
 * What the verifier remembers of one token between logins; immutable. Every change makes a new record with
 * {@link #version()} one higher, so a store can refuse a write that was computed from a state another login has
 * already replaced (compare-and-set).
 *
 * @param version 0 for a new token, +1 at each change
 * @param lastTimeStep the time factor T of the last accepted password, {@link #NONE} before the first; a time-based
 *     password is accepted only for a later step (RFC 6238 §5.2), so each is accepted at most once
 * @param nextCounter the lowest event counter still acceptable: one past the last accepted (RFC 4226 §7.2)
 * @param driftSteps the token's clock offset in intervals, learned at the last success (token step − server step)
 * @param failures failed tries since the last success or unlock
 * @param locked whether the token is locked (too many failures) until an operator unlocks it
 */
public record TokenState(long version, long lastTimeStep, long nextCounter, int driftSteps, int failures,
        boolean locked) {
    /** {@link #lastTimeStep()} before any password was accepted. */
    public static final long NONE = -1;

    public TokenState {
        if (version < 0 || lastTimeStep < NONE || nextCounter < 0 || failures < 0) {
            throw new IllegalArgumentException("invalid token state: version " + version + ", last step "
                    + lastTimeStep + ", next counter " + nextCounter + ", failures " + failures);
        }
    }

    /** A token nothing has been accepted from, its event counter starting at {@code firstCounter}. */
    public static TokenState initial(long firstCounter) {
        return new TokenState(0, NONE, firstCounter, 0, 0, false);
    }

    /** After a password accepted at {@code timeStep} / {@code counter} with the clock offset {@code drift}. */
    TokenState accepted(long timeStep, long counter, int drift) {
        return new TokenState(version + 1, timeStep, counter, drift, 0, false);
    }

    /** After a failed try; locked when it is the {@code maxFailures}-th in a row. */
    TokenState failed(int maxFailures) {
        int n = failures + 1;
        return new TokenState(version + 1, lastTimeStep, nextCounter, driftSteps, n, locked || n >= maxFailures);
    }

    /** Unlocked by an operator: the failure count starts again. */
    TokenState unlocked() {
        return new TokenState(version + 1, lastTimeStep, nextCounter, driftSteps, 0, false);
    }

    /** After a resynchronisation: drift and counter set from two consecutive passwords. */
    TokenState resynchronised(long timeStep, long counter, int drift) {
        return new TokenState(version + 1, timeStep, counter, drift, 0, false);
    }
}
