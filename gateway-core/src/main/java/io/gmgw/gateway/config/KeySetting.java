package io.gmgw.gateway.config;

import io.gmgw.crypto.key.SecretSources;
import io.gmgw.gateway.keys.KeyReference;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A key as the configuration names it: {@code reference} a path (made absolute from the configuration's folder) or a
 * {@code file:}/{@code pkcs11:} URI; {@code certificate} its certificate or chain file, when not kept with the key;
 * {@code passwordSource} where its password or PIN comes from, in gmgw's secret-source syntax
 * ({@link SecretSources}), when it has one. {@code where} is {@code FILE:LINE:COL: tlcp.sign-key}, for messages.
 */
public record KeySetting(String where, String key, String certificateKey, String reference,
        Optional<Path> certificate, Optional<String> passwordSource) {
    public KeySetting {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(reference, "reference");
    }

    /** What {@link io.gmgw.gateway.keys.EndpointKeys} opens; the password source is read only when the key is. */
    public KeyReference toKeyReference() {
        return new KeyReference(where, reference, certificateKey, certificate.orElse(null),
                passwordSource.map(s -> SecretSources.parse(s, "Password for " + key)).orElse(null));
    }
}
