package io.gmgw.crypto.otp;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The factor values of one dynamic-password computation (GM/T 0021-2012 §6.1): the time factor T (already divided by
 * the interval), the event counter C and the challenge Q, each present or not. At least one is present.
 *
 * @param time T, a non-negative number of intervals (8 bytes, big-endian, in ID)
 * @param counter C, 0 to 2^32 − 1 (4 bytes, big-endian, in ID)
 * @param challenge Q, at least 4 printable ASCII characters, written into ID as their bytes
 */
public record OtpFactors(OptionalLong time, OptionalLong counter, Optional<String> challenge) {
    /** The shortest challenge the standard allows, in characters. */
    public static final int MIN_CHALLENGE_LENGTH = 4;
    /** The longest challenge accepted here; ID grows with Q, and no token prompts for more. */
    public static final int MAX_CHALLENGE_LENGTH = 64;
    /** The largest event counter: C is 4 bytes. */
    public static final long MAX_COUNTER = 0xFFFF_FFFFL;

    public OtpFactors {
        if (time.isEmpty() && counter.isEmpty() && challenge.isEmpty()) {
            throw new IllegalArgumentException("a dynamic password needs at least one factor (time, event or challenge)");
        }
        if (time.isPresent() && time.getAsLong() < 0) {
            throw new IllegalArgumentException("time factor must not be negative: " + time.getAsLong()
                    + " (is the clock before the token's epoch?)");
        }
        if (counter.isPresent() && (counter.getAsLong() < 0 || counter.getAsLong() > MAX_COUNTER)) {
            throw new IllegalArgumentException("event counter must be 0 to " + MAX_COUNTER + ": " + counter.getAsLong());
        }
        challenge.ifPresent(OtpFactors::checkChallenge);
    }

    /** Only the time factor: a time-based token. */
    public static OtpFactors time(long timeFactor) {
        return new OtpFactors(OptionalLong.of(timeFactor), OptionalLong.empty(), Optional.empty());
    }

    /** Only the event counter: an event-based token. */
    public static OtpFactors event(long counter) {
        return new OtpFactors(OptionalLong.empty(), OptionalLong.of(counter), Optional.empty());
    }

    /** Only the challenge: a challenge-response token. */
    public static OtpFactors challenge(String challenge) {
        return new OtpFactors(OptionalLong.empty(), OptionalLong.empty(), Optional.of(challenge));
    }

    /** These factors with the time factor set to {@code timeFactor}. */
    public OtpFactors withTime(long timeFactor) {
        return new OtpFactors(OptionalLong.of(timeFactor), counter, challenge);
    }

    /** These factors with the event counter set to {@code value}. */
    public OtpFactors withCounter(long value) {
        return new OtpFactors(time, OptionalLong.of(value), challenge);
    }

    /** These factors with the challenge set to {@code value}. */
    public OtpFactors withChallenge(String value) {
        return new OtpFactors(time, counter, Optional.of(value));
    }

    private static void checkChallenge(String q) {
        if (q.length() < MIN_CHALLENGE_LENGTH || q.length() > MAX_CHALLENGE_LENGTH) {
            throw new IllegalArgumentException("challenge must be " + MIN_CHALLENGE_LENGTH + " to "
                    + MAX_CHALLENGE_LENGTH + " characters, got " + q.length());
        }
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            // GM/T 0021 §6.1: Q is given in ASCII; a token's keypad or app can only produce printable characters
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("challenge must be printable ASCII; character " + (i + 1)
                        + " is U+" + String.format("%04X", (int) c));
            }
        }
    }
}
