package io.gmgw.cli.otp;

import io.gmgw.crypto.otp.OtpFactor;
import io.gmgw.gateway.otp.TokenState;
import io.gmgw.gateway.otp.store.TokenRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** What {@code gmgw otp} commands print about tokens, as text and as JSON; never a seed. */
final class OtpViews {
    private OtpViews() {
    }

    /** One token. */
    record Token(String serial, String user, String algorithm, List<String> factors, int digits,
            Integer intervalSeconds, long epochSeconds, String layout, String state, int failures, int driftSteps,
            Long lastTimeStep, Long nextCounter, long version) {
        static Token of(TokenRecord r) {
            TokenState s = r.state();
            boolean time = r.profile().uses(OtpFactor.TIME);
            boolean event = r.profile().uses(OtpFactor.EVENT);
            return new Token(r.serial(), r.user().orElse(null), r.profile().algorithm().id(),
                    r.profile().factors().stream().sorted().map(f -> f.name().toLowerCase(Locale.ROOT)).toList(),
                    r.profile().digits(), time ? r.profile().intervalSeconds() : null, r.profile().epochSeconds(),
                    r.profile().layout().id(), s.locked() ? "locked" : "active", s.failures(), s.driftSteps(),
                    time && s.lastTimeStep() != TokenState.NONE ? s.lastTimeStep() : null,
                    event ? s.nextCounter() : null, s.version());
        }

        String type() {
            return algorithm + "/" + String.join("+", factors) + "/" + digits;
        }

        void print(PrintWriter out) {
            out.printf("serial:        %s%n", serial);
            out.printf("user:          %s%n", user == null ? "(none)" : user);
            out.printf("algorithm:     %s, %s, %d digits%s%n", algorithm, String.join("+", factors), digits,
                    intervalSeconds == null ? "" : ", every " + intervalSeconds + " s");
            if (epochSeconds != 0) {
                out.printf("epoch:         %d%n", epochSeconds);
            }
            out.printf("ID layout:     %s%n", layout);
            out.printf("state:         %s, %d failed tries in a row%n", state, failures);
            if (intervalSeconds != null) {
                out.printf("clock drift:   %d intervals%n", driftSteps);
                out.printf("last accepted: %s%n", lastTimeStep == null ? "never" : "time step " + lastTimeStep);
            }
            if (nextCounter != null) {
                out.printf("next counter:  %d%n", nextCounter);
            }
        }
    }

    /** The tokens of a store. */
    record Listing(String store, String seedKey, List<Token> tokens) {
    }

    /** The result of a change. */
    record Change(String serial, String action, String user, Token token) {
    }
}
