package io.gmgw.gateway.config;

import io.gmgw.gateway.keys.KeyReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code tlcp}: the TLCP side of the listener (GM/T 0024 double certificate): the signing and encryption keys with
 * their certificates and passwords, the CA certificates sent after them, the suites in preference order (GM/T 0024
 * names, {@link GatewaySchema#TLCP_SUITES}), and the session cache. When {@link #enabled()} is false the keys are
 * absent.
 */
public record TlcpSettings(boolean enabled, Optional<KeySetting> signKey, Optional<KeySetting> encKey,
        Optional<Path> chain, List<String> suites, int sessionCacheSize, Duration sessionLifetime) {
    public TlcpSettings {
        suites = List.copyOf(suites);
    }

    /** The signing key as {@link io.gmgw.gateway.keys.EndpointKeys} opens it; errors name {@code tlcp.sign-key}. */
    public KeyReference signKeyReference() {
        return signKey.orElseThrow(() -> new IllegalStateException("TLCP is not enabled")).toKeyReference();
    }

    /** The encryption key as {@link io.gmgw.gateway.keys.EndpointKeys} opens it. */
    public KeyReference encKeyReference() {
        return encKey.orElseThrow(() -> new IllegalStateException("TLCP is not enabled")).toKeyReference();
    }
}
