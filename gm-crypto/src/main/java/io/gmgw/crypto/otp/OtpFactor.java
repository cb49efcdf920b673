package io.gmgw.crypto.otp;

/**
 * The factors a token feeds into ID (GM/T 0021-2012 §6.1): which ones take part is the token's mode (time-based,
 * event-based, challenge-response, or a combination).
 */
public enum OtpFactor {
    /** T: the number of whole intervals since the epoch, 8 bytes big-endian. */
    TIME,
    /** C: the event counter, 4 bytes big-endian, advanced by the token at each press. */
    EVENT,
    /** Q: the challenge the server issues, at least 4 ASCII characters. */
    CHALLENGE
}
