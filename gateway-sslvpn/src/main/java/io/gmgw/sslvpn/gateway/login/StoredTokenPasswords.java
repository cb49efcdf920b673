package io.gmgw.sslvpn.gateway.login;

import io.gmgw.crypto.otp.OtpFactor;
import io.gmgw.gateway.otp.OtpLogins;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link TokenPasswords} over gateway-core's token store: the user's token ({@code gmgw otp assign}), its seed opened
 * under the seed key only for the check, and {@link OtpLogins}, which writes the token's new state durably and the
 * {@code otp.verify} (and {@code otp.lock}) audit records before it answers (docs/otp.md).
 */
public final class StoredTokenPasswords implements TokenPasswords {
    private final TokenStore store;
    private final OtpLogins logins;

    public StoredTokenPasswords(TokenStore store, OtpLogins logins) {
        this.store = Objects.requireNonNull(store, "store");
        this.logins = Objects.requireNonNull(logins, "logins");
    }

    @Override
    public Check check(String user, String password, Optional<String> challenge) {
        Optional<TokenRecord> token;
        try {
            token = store.forUser(user);
        } catch (IOException e) {
            return Check.refused("", "the token store " + store.directory() + " could not be read: " + e.getMessage());
        }
        if (token.isEmpty()) {
            return Check.refused("", "user '" + user + "' has no dynamic token (gmgw otp assign)");
        }
        TokenRecord t = token.get();
        Optional<String> q = Optional.empty();
        if (t.profile().uses(OtpFactor.CHALLENGE)) {
            // the challenge the login's form showed: fresh per login and spent with it (PendingLogins), which is
            // what keeps a challenge-only token's password single-use (docs/otp.md, the verifier)
            if (challenge.isEmpty()) {
                return Check.refused(t.serial(), "token " + t.serial() + " needs a challenge and this login showed "
                        + "none");
            }
            q = challenge;
        }
        Optional<String> used = q;
        OtpLogins.Result r = store.withSeed(t, seed -> logins.login(user, t.serial(), t.profile(), seed, t.state(),
                password, used));
        return r.accepted() ? Check.accepted(t.serial()) : Check.refused(t.serial(), "dynamic password of token "
                + t.serial() + " refused: " + r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
}
