package io.gmgw.gateway.otp.store;

import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.otp.TokenState;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One dynamic token as the store keeps it: its serial, how it computes, whom it is assigned to, its seed sealed under
 * the store's seed key (never the seed), and the verifier's state.
 *
 * @param serial the token's serial number, as printed on it or in the vendor's seed file; also its file name
 * @param profile how it computes its passwords
 * @param user the user it is assigned to, if any
 * @param sealedSeed the seed sealed under the store's {@link SeedKey}
 * @param state the verifier's state
 */
public record TokenRecord(String serial, OtpProfile profile, Optional<String> user, byte[] sealedSeed,
        TokenState state) {
    /** Serials are file names: letters, digits, dot, dash and underscore, not starting with a dot, at most 64. */
    static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    public TokenRecord {
        checkSerial(serial);
        sealedSeed = sealedSeed.clone();
        user.ifPresent(u -> {
            if (u.isBlank() || u.length() > 256 || u.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a user name is 1 to 256 printable characters");
            }
        });
    }

    @Override
    public byte[] sealedSeed() {
        return sealedSeed.clone();
    }

    public TokenRecord withState(TokenState next) {
        return new TokenRecord(serial, profile, user, sealedSeed, next);
    }

    public TokenRecord withUser(Optional<String> next) {
        return new TokenRecord(serial, profile, next, sealedSeed, state);
    }

    static void checkSerial(String serial) {
        if (serial == null || !SERIAL.matcher(serial).matches()) {
            throw new IllegalArgumentException("token serial '" + serial + "' must be 1 to 64 letters, digits, '.', "
                    + "'-' or '_', not starting with '.'");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenRecord r && serial.equals(r.serial) && profile.equals(r.profile)
                && user.equals(r.user) && Arrays.equals(sealedSeed, r.sealedSeed) && state.equals(r.state);
    }

    @Override
    public int hashCode() {
        return serial.hashCode() * 31 + state.hashCode();
    }

    @Override
    public String toString() {
        return "TokenRecord[" + serial + ", " + profile + ", user " + user.orElse("-") + ", " + state + "]";
    }
}
