package io.gmgw.gateway.otp;

import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.OtpFactor;
import io.gmgw.crypto.otp.OtpFactors;
import io.gmgw.crypto.otp.OtpProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Verifies dynamic passwords against a token's state; sans-I/O (the time, seed and state come in, a
 * {@link Verification} with the next state goes out) and thread-safe. The rules, each from RFC 4226/6238 practice
 * where the GM sources are silent (docs/otp.md):
 * <ul>
 * <li>time: the steps from {@code timeStepsBehind} before to {@code timeStepsAhead} after the server's current step
 * plus the token's learned drift, nearest first;</li>
 * <li>events: the counters from the next expected one to {@code counterLookAhead} past it;</li>
 * <li>each password at most once: a time-only token only for a step after the last accepted one, an event token only
 * for a counter past the last accepted one; a match that fails this is {@link OtpOutcome#REPLAYED} even inside the
 * window;</li>
 * <li>every failure counts; the {@code maxFailures}-th in a row locks the token until {@link #unlock};</li>
 * <li>a challenge-only token has no state to refuse a replay with: the caller must issue each challenge once.</li>
 * </ul>
 */
public final class OtpVerifier {
    /** How many counter values past the expected one a resynchronisation searches. */
    public static final int RESYNC_COUNTER_WINDOW = 1000;

    private final DynamicPasswords passwords;
    private final OtpPolicy policy;

    public OtpVerifier(DynamicPasswords passwords, OtpPolicy policy) {
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public OtpPolicy policy() {
        return policy;
    }

    /**
     * Verifies {@code password} typed at Unix time {@code nowSeconds} for the token with {@code profile}, {@code seed}
     * and {@code state}; {@code challenge} is the one the server issued for this login, present exactly when the
     * token answers challenges. The seed is only read; the caller wipes it.
     */
    public Verification verify(OtpProfile profile, byte[] seed, TokenState state, String password, long nowSeconds,
            Optional<String> challenge) {
        if (state.locked()) {
            return new Verification(OtpOutcome.LOCKED, state, state, OptionalLong.empty(), OptionalLong.empty());
        }
        long nowStep = profile.uses(OtpFactor.TIME) ? profile.timeStep(nowSeconds) : 0;
        Match match = null;
        boolean replayed = false;
        if (wellFormed(password, profile.digits())) {
            long centre = nowStep + state.driftSteps();
            List<Long> steps = profile.uses(OtpFactor.TIME)
                    ? nearestFirst(centre, policy.timeStepsBehind(), policy.timeStepsAhead())
                    : List.of(0L);
            // one counter behind the next expected: the last accepted one, to tell a replay from a wrong password
            long firstCounter = Math.max(0, state.nextCounter() - 1);
            long lastCounter = state.nextCounter() + policy.counterLookAhead();
            match = search(profile, seed, password, challenge, steps, firstCounter, lastCounter, state, true);
            if (match == null) {
                replayed = search(profile, seed, password, challenge, steps, firstCounter, lastCounter, state,
                        false) != null;
            }
        }
        if (match != null) {
            int drift = profile.uses(OtpFactor.TIME) ? clampDrift(match.step - nowStep) : state.driftSteps();
            TokenState next = state.accepted(profile.uses(OtpFactor.TIME) ? match.step : state.lastTimeStep(),
                    profile.uses(OtpFactor.EVENT) ? match.counter + 1 : state.nextCounter(), drift);
            return new Verification(OtpOutcome.ACCEPTED, state, next,
                    profile.uses(OtpFactor.TIME) ? OptionalLong.of(match.step) : OptionalLong.empty(),
                    profile.uses(OtpFactor.EVENT) ? OptionalLong.of(match.counter) : OptionalLong.empty());
        }
        TokenState next = state.failed(policy.maxFailures());
        OtpOutcome outcome = next.locked() ? OtpOutcome.LOCKED_OUT : replayed ? OtpOutcome.REPLAYED : OtpOutcome.WRONG;
        return new Verification(outcome, state, next, OptionalLong.empty(), OptionalLong.empty());
    }

    /**
     * Resynchronises a token from two passwords it showed one after the other (the operator's {@code resync}): they
     * are searched {@code maxDriftSteps} intervals either side of the server's step and {@value #RESYNC_COUNTER_WINDOW}
     * counters ahead; both must be new. On success the drift, last step and next counter are set from the second
     * password, and failures and any lock are cleared; otherwise {@link Optional#empty()} and the state is unchanged.
     */
    public Optional<TokenState> resynchronise(OtpProfile profile, byte[] seed, TokenState state, String first,
            String second, long nowSeconds, Optional<String> challenge) {
        if (!wellFormed(first, profile.digits()) || !wellFormed(second, profile.digits())) {
            return Optional.empty();
        }
        boolean time = profile.uses(OtpFactor.TIME);
        boolean event = profile.uses(OtpFactor.EVENT);
        long nowStep = time ? profile.timeStep(nowSeconds) : 0;
        List<Long> steps = time ? nearestFirst(nowStep, policy.maxDriftSteps(), policy.maxDriftSteps()) : List.of(0L);
        for (long step : steps) {
            long lastCounter = event ? Math.min(OtpFactors.MAX_COUNTER - 1,
                    state.nextCounter() + RESYNC_COUNTER_WINDOW) : state.nextCounter();
            for (long c = state.nextCounter(); c <= lastCounter; c++) {
                if (!fresh(profile, state, step, c) || !matches(profile, seed, first, challenge, step, c)) {
                    continue;
                }
                // the second press: the next counter (in this step or the next) for event tokens, the next step else
                long[][] seconds = event ? new long[][] {{step, c + 1}, {step + 1, c + 1}}
                        : new long[][] {{step + 1, c}};
                for (long[] s : seconds) {
                    if ((time || s[0] == step) && matches(profile, seed, second, challenge, s[0], s[1])) {
                        return Optional.of(state.resynchronised(time ? s[0] : state.lastTimeStep(),
                                event ? s[1] + 1 : state.nextCounter(), time ? clampDrift(s[0] - nowStep) : 0));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The operator's unlock: failures cleared, the lock lifted, drift and replay bounds kept. */
    public TokenState unlock(TokenState state) {
        return state.unlocked();
    }

    private record Match(long step, long counter) {
    }

    private Match search(OtpProfile profile, byte[] seed, String password, Optional<String> challenge,
            List<Long> steps, long firstCounter, long lastCounter, TokenState state, boolean wantFresh) {
        boolean event = profile.uses(OtpFactor.EVENT);
        long from = event ? firstCounter : state.nextCounter();
        long to = event ? Math.min(lastCounter, OtpFactors.MAX_COUNTER) : state.nextCounter();
        for (long step : steps) {
            for (long c = from; c <= to; c++) {
                if (fresh(profile, state, step, c) == wantFresh && matches(profile, seed, password, challenge, step, c)) {
                    return new Match(step, c);
                }
            }
        }
        return null;
    }

    /** Whether a password at ({@code step}, {@code counter}) has not been accepted before (see the class comment). */
    private static boolean fresh(OtpProfile profile, TokenState state, long step, long counter) {
        boolean time = profile.uses(OtpFactor.TIME);
        boolean event = profile.uses(OtpFactor.EVENT);
        if (event) {
            // the counter makes each password unique; time, if used too, must not go back
            return counter >= state.nextCounter() && (!time || step >= state.lastTimeStep());
        }
        return !time || step > state.lastTimeStep();
    }

    private boolean matches(OtpProfile profile, byte[] seed, String password, Optional<String> challenge, long step,
            long counter) {
        String expected = passwords.password(profile, seed, profile.factors(step, counter, challenge));
        // constant time, so the comparison says nothing about how many leading digits were right
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                password.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean wellFormed(String password, int digits) {
        if (password == null || password.length() != digits) {
            return false;
        }
        for (int i = 0; i < digits; i++) {
            char c = password.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** centre, centre − 1, centre + 1, … within [centre − behind, centre + ahead] and not below zero. */
    private static List<Long> nearestFirst(long centre, int behind, int ahead) {
        List<Long> steps = new ArrayList<>();
        for (int d = 0; d <= Math.max(behind, ahead); d++) {
            if (d == 0) {
                steps.add(centre);
                continue;
            }
            if (d <= behind && centre - d >= 0) {
                steps.add(centre - d);
            }
            if (d <= ahead) {
                steps.add(centre + d);
            }
        }
        steps.removeIf(s -> s < 0);
        return steps;
    }

    private int clampDrift(long drift) {
        return (int) Math.max(-policy.maxDriftSteps(), Math.min(policy.maxDriftSteps(), drift));
    }
}
