package io.gmgw.gateway.otp;

import java.util.OptionalLong;

/**
 * The result of one verification: the outcome and the state to persist. The caller must write {@link #next()}
 * durably (when {@link #changesState()}) <em>before</em> it lets the user in; {@link OtpLogins} does exactly that.
 *
 * @param outcome what was found
 * @param previous the state the verification started from (a store compares its version)
 * @param next the state after it
 * @param timeStep the matched time factor, if the token uses time and a password matched
 * @param counter the matched event counter, if the token uses events and a password matched
 */
public record Verification(OtpOutcome outcome, TokenState previous, TokenState next, OptionalLong timeStep,
        OptionalLong counter) {
    public boolean accepted() {
        return outcome == OtpOutcome.ACCEPTED;
    }

    public boolean changesState() {
        return !next.equals(previous);
    }
}
