package io.gmgw.sslvpn.gateway.login;

/**
 * Checks a user's dynamic password against the token assigned to that user; {@link StoredTokenPasswords} is the one
 * over gateway-core's token store. Blocking (the token's new state is written to disk before the answer): the
 * {@link PolicyAuthenticator} calls it off the event loops.
 */
@FunctionalInterface
public interface TokenPasswords {
    /** What a check came to: accepted for token {@code serial}, or refused for {@code reason} (audit only). */
    record Check(boolean accepted, String serial, String reason) {
        public static Check accepted(String serial) {
            return new Check(true, serial, "");
        }

        public static Check refused(String serial, String reason) {
            return new Check(false, serial, reason);
        }
    }

    /** Checks {@code password} (never logged) for {@code user}. */
    Check check(String user, String password);
}
