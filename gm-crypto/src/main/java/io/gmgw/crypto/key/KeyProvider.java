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
}
