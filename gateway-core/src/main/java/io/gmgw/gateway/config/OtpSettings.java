package io.gmgw.gateway.config;

import io.gmgw.gateway.otp.OtpPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code otp} section: where the dynamic tokens live and how their passwords are checked (docs/otp.md).
 * {@code tokenStore} and {@code seedKey} are present whenever a group's login uses a password (the binder requires
 * them then).
 *
 * @param tokenStore  the token store's folder ({@code TokenStore}), absolute
 * @param seedKey     the key the tokens' seeds are sealed under: {@code file:PATH} (absolute) or a {@code pkcs11:} URI
 * @param policy      the verifier's windows, drift cap and lock-out
 * @param formTimeout how long the gateway keeps a login waiting for its password form to come back
 */
public record OtpSettings(Optional<Path> tokenStore, Optional<String> seedKey, OtpPolicy policy,
        Duration formTimeout) {
    public OtpSettings {
        Objects.requireNonNull(tokenStore, "tokenStore");
        Objects.requireNonNull(seedKey, "seedKey");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(formTimeout, "formTimeout");
    }
}
