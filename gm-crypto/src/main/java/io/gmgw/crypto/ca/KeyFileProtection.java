package io.gmgw.crypto.ca;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import java.util.Arrays;

/**
 * How a private key is written to its PEM file: unencrypted PKCS#8, or encrypted PKCS#8 (PBES2) under a password that
 * is read once and wiped by {@link #close()}.
 */
public final class KeyFileProtection implements AutoCloseable {
    /**
     * PBKDF2 iterations: GmSSL's choice (its sm2 key files use 65536), which also makes a guess cost about as much as
     * OpenSSL's default of 2048 iterations times 32. Reading a key is a one-off at start-up, so the cost is affordable.
     */
    static final int ITERATIONS = 65536;

    private final CryptoModule module;
    private final PasswordSource source;
    private final PrivateKeyPem.KeyEncryption scheme;
    private final char[] password;

    private KeyFileProtection(CryptoModule module, PasswordSource source, PrivateKeyPem.KeyEncryption scheme) {
        this.module = module;
        this.source = source;
        this.scheme = scheme;
        // Read now, before anything is generated or written: a missing or empty password fails the command early.
        this.password = source == null ? null : source.password();
        if (password != null && password.length == 0) {
            throw new KeyLoadException(KeyLoadException.Reason.PASSWORD_REQUIRED, "the password from "
                    + source.description() + " is empty; an empty password does not protect a key");
        }
    }

    /** Keys written unencrypted (the file's mode 0600 is their only protection). */
    public static KeyFileProtection none() {
        return new KeyFileProtection(null, null, null);
    }

    /** Keys encrypted under the password of {@code source}, which is read now. */
    public static KeyFileProtection encrypted(CryptoModule module, PasswordSource source,
            PrivateKeyPem.KeyEncryption scheme) {
        return new KeyFileProtection(module, source, scheme);
    }

    public boolean isEncrypted() {
        return source != null;
    }

    /** For listings: "not encrypted", or the scheme. */
    public String describe() {
        if (source == null) {
            return "not encrypted";
        }
        return scheme == PrivateKeyPem.KeyEncryption.SM4 ? "encrypted: PBKDF2-HMAC-SM3, SM4-CBC"
                : "encrypted: PBKDF2-HMAC-SHA256, AES-256-CBC";
    }

    /** The PEM text of {@code key}, encrypted when a password was given. */
    public String pem(Sm2PrivateKey key) {
        if (source == null) {
            return PrivateKeyPem.write(key);
        }
        return PrivateKeyPem.writeEncrypted(module, key, password.clone(), scheme, ITERATIONS);
    }

    @Override
    public void close() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
