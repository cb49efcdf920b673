package io.gmgw.crypto.otp;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How a token computes its passwords: the compression function, the factors it uses, the number of digits, the
 * interval of its time factor and the epoch it counts from, and the layout of ID when it does not use every factor.
 *
 * @param algorithm SM3 or SM4
 * @param factors the factors the token feeds into ID, at least one
 * @param digits the password length, {@value #MIN_DIGITS} to {@value #MAX_DIGITS}
 * @param intervalSeconds Tc, the seconds one time-based password lasts, 1 to {@value #MAX_INTERVAL_SECONDS}
 *     (GM/T 0021-2012 §6.1 caps it at 60); ignored without {@link OtpFactor#TIME}
 * @param epochSeconds the Unix time at which the token's T0 is zero: 0 for UTC seconds since 1970, which every public
 *     implementation uses; some tokens count from a vendor epoch
 * @param layout how ID is written when a factor is unused
 */
public record OtpProfile(OtpAlgorithm algorithm, Set<OtpFactor> factors, int digits, int intervalSeconds,
        long epochSeconds, IdLayout layout) {
    public static final int MIN_DIGITS = 6;
    public static final int MAX_DIGITS = 8;
    public static final int DEFAULT_DIGITS = 6;
    public static final int MAX_INTERVAL_SECONDS = 60;
    public static final int DEFAULT_INTERVAL_SECONDS = 60;

    public OtpProfile {
        if (algorithm == null || layout == null) {
            throw new IllegalArgumentException("a token profile needs an algorithm and an ID layout");
        }
        if (factors == null || factors.isEmpty()) {
            throw new IllegalArgumentException("a token profile needs at least one factor (time, event, challenge)");
        }
        factors = Set.copyOf(EnumSet.copyOf(factors));
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("a dynamic password has " + MIN_DIGITS + " to " + MAX_DIGITS
                    + " digits, got " + digits);
        }
        if (intervalSeconds < 1 || intervalSeconds > MAX_INTERVAL_SECONDS) {
            throw new IllegalArgumentException("the password interval must be 1 to " + MAX_INTERVAL_SECONDS
                    + " seconds (GM/T 0021-2012 §6.1), got " + intervalSeconds);
        }
    }

    /** A time-based token: T only, six digits, 60 seconds from the Unix epoch, unused factors left out. */
    public static OtpProfile timeBased(OtpAlgorithm algorithm) {
        return new OtpProfile(algorithm, EnumSet.of(OtpFactor.TIME), DEFAULT_DIGITS, DEFAULT_INTERVAL_SECONDS, 0,
                IdLayout.OMIT_ABSENT);
    }

    /** An event-based token: C only, six digits, unused factors left out. */
    public static OtpProfile eventBased(OtpAlgorithm algorithm) {
        return new OtpProfile(algorithm, EnumSet.of(OtpFactor.EVENT), DEFAULT_DIGITS, DEFAULT_INTERVAL_SECONDS, 0,
                IdLayout.OMIT_ABSENT);
    }

    public boolean uses(OtpFactor factor) {
        return factors.contains(factor);
    }

    /** This profile with {@code n} digits. */
    public OtpProfile withDigits(int n) {
        return new OtpProfile(algorithm, factors, n, intervalSeconds, epochSeconds, layout);
    }

    /** This profile with an interval of {@code seconds}. */
    public OtpProfile withInterval(int seconds) {
        return new OtpProfile(algorithm, factors, digits, seconds, epochSeconds, layout);
    }

    /**
     * T for the Unix time {@code unixSeconds}: floor((unixSeconds − epoch) / Tc) (GM/T 0021-2012 §6.1, T = T0 / Tc
     * with T0 counted from the epoch).
     *
     * @throws IllegalArgumentException if the time is before the epoch
     */
    public long timeStep(long unixSeconds) {
        long t0 = Math.subtractExact(unixSeconds, epochSeconds);
        if (t0 < 0) {
            throw new IllegalArgumentException("time " + unixSeconds + " is before the token's epoch " + epochSeconds);
        }
        return t0 / intervalSeconds;
    }

    /**
     * The factor values for this token: {@code timeStep} and {@code counter} are taken only if the token uses time and
     * events; {@code challenge} must be present exactly when it uses a challenge.
     */
    public OtpFactors factors(long timeStep, long counter, Optional<String> challenge) {
        if (uses(OtpFactor.CHALLENGE) != challenge.isPresent()) {
            throw new IllegalArgumentException(uses(OtpFactor.CHALLENGE)
                    ? "this token answers a challenge: one must be given"
                    : "this token takes no challenge, but one was given");
        }
        return new OtpFactors(uses(OtpFactor.TIME) ? OptionalLong.of(timeStep) : OptionalLong.empty(),
                uses(OtpFactor.EVENT) ? OptionalLong.of(counter) : OptionalLong.empty(), challenge);
    }
}
