package io.gmgw.cli;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;

/**
 * Keys named by a command-line option, opened through the key-provider SPI: a key that cannot be opened (a malformed
 * PEM file, a certificate where the key should be, a wrong password) fails with the option first in its message,
 * {@code --sign-key /path/key.pem: malformed PEM: ...}, and keeps its reason (and so its exit code).
 */
public final class OptionKeys {
    private OptionKeys() {
    }

    public static KeyHandle open(CryptoModule module, String option, String uri, KeyOptions options) {
        try {
            return KeyProviders.load(module).open(uri, options);
        } catch (KeyLoadException e) {
            throw new KeyLoadException(e.reason(), option + " " + e.getMessage(), e);
        }
    }
}
