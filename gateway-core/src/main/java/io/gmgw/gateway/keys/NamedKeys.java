package io.gmgw.gateway.keys;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;

/**
 * Keys named by an option or a configuration key, opened through the key-provider SPI: a key that cannot be opened (a
 * malformed PEM file, a certificate where the key should be, a wrong password) fails with the name first in its
 * message, {@code --sign-key /path/key.pem: malformed PEM: ...}, and keeps its reason (and so its exit code).
 */
public final class NamedKeys {
    private NamedKeys() {
    }

    /** Opens {@code reference} (a path or URI); {@code label} is what named it. */
    public static KeyHandle open(CryptoModule module, String label, String reference, KeyOptions options) {
        try {
            return KeyProviders.load(module).open(reference, options);
        } catch (KeyLoadException e) {
            throw new KeyLoadException(e.reason(), label + " " + e.getMessage(), e);
        }
    }
}
