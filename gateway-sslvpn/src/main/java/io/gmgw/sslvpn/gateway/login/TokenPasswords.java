package io.gmgw.sslvpn.gateway.login;

import java.util.Optional;

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

    /**
     * Checks {@code password} (never logged) for {@code user}; {@code challenge} is the one the login's form showed,
     * used when the user's token computes its password from a challenge.
     */
    Check check(String user, String password, Optional<String> challenge);
}
