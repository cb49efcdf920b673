package io.gmgw.crypto.key;

import io.gmgw.crypto.CryptoModule;
import java.net.URI;
import java.util.Set;

/**
 * Opens keys of one or more URI schemes; registered through {@code META-INF/services/io.gmgw.crypto.key.KeyProvider}
 * and found by {@link KeyProviders}. This module ships the {@code file:} provider; pkcs11-bridge adds {@code pkcs11:}.
 */
public interface KeyProvider {
    /** The URI schemes served, lower case (e.g. {@code file}). */
    Set<String> schemes();

    /** Opens the key named by {@code uri}; every failure is a {@link KeyLoadException} that says what and where. */
    KeyHandle open(URI uri, KeyOptions options, CryptoModule module);

    /**
     * Opens the SM4 secret key named by {@code uri}; providers whose keys are all SM2 keys refuse (the default).
     */
    default Sm4KeyHandle openSm4(URI uri, KeyOptions options, CryptoModule module) {
        throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, KeyProviders.redact(uri.toString())
                + ": " + uri.getScheme() + ": keys are SM2 private keys here, not SM4 secret keys");
    }
}
