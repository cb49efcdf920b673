package io.gmgw.crypto.key;

import java.nio.file.Path;

/**
 * How to open a key: where the password of an encrypted key file comes from, and an explicit certificate chain file
 * (otherwise the provider looks beside the key, see {@link FileKeyProvider}). Either may be null.
 */
public record KeyOptions(PasswordSource password, Path certificateChain) {
    public static KeyOptions none() {
        return new KeyOptions(null, null);
    }

    public static KeyOptions withPassword(PasswordSource password) {
        return new KeyOptions(password, null);
    }

    public KeyOptions withCertificateChain(Path chain) {
        return new KeyOptions(password, chain);
    }
}
