package io.gmgw.cli.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.ca.KeyFileProtection;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.PrivateKeyPem;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * How the private keys a command writes are protected: the {@link PasswordOptions} and
 * {@code --key-encryption sm4|aes}. Without a password the keys are written unencrypted (mode 0600), and the command
 * says so on stderr.
 */
public final class NewKeyOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Mixin
    PasswordOptions password;

    @Option(names = "--key-encryption", paramLabel = "sm4|aes",
            description = {"How a password encrypts new keys (PKCS#8, PBES2): sm4 (default) is PBKDF2-HMAC-SM3 + "
                    + "SM4-CBC, as GmSSL writes; aes is PBKDF2-HMAC-SHA256 + AES-256-CBC, which OpenSSL reads."})
    private String encryption;

    /** The protection of new keys; close it to wipe the password. */
    KeyFileProtection protection(CryptoModule module, String what) {
        PrivateKeyPem.KeyEncryption scheme = scheme();
        PasswordSource source = password.forNewKeys(what);
        if (source == null) {
            if (encryption != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--key-encryption needs a password to "
                        + "encrypt with: add --password-file, --password-env or --password-prompt");
            }
            return KeyFileProtection.none();
        }
        return KeyFileProtection.encrypted(module, source, scheme);
    }

    /** Fails when --key-encryption is given to a run that writes no key. */
    void requireNoEncryptionChoice(String why) {
        if (encryption != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--key-encryption applies to new keys, and "
                    + why);
        }
    }

    private PrivateKeyPem.KeyEncryption scheme() {
        if (encryption == null) {
            return PrivateKeyPem.KeyEncryption.SM4;
        }
        return switch (encryption.toLowerCase(Locale.ROOT)) {
            case "sm4" -> PrivateKeyPem.KeyEncryption.SM4;
            case "aes" -> PrivateKeyPem.KeyEncryption.AES;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--key-encryption must be sm4 or "
                    + "aes, not '" + encryption + "'");
        };
    }
}
