package io.gmgw.cli.acl;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.gateway.keys.NamedKeys;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --key URI --cert FILE} and the key's password: the signing key, through the key-provider SPI. */
public final class SigningKeyOptions {
    @Option(names = "--key", paramLabel = "URI", required = true,
            description = "Signing key: a PEM file path, file:///path, or a pkcs11: URI when the PKCS#11 bridge is "
                    + "installed.")
    private String key;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "PEM file with the signer's certificate first, then its issuing CA(s) (all are included in "
                    + "the signature). Default: the chain stored with the key.")
    private Path cert;

    @Option(names = "--password-source", paramLabel = "SOURCE",
            description = "Key password (or token PIN) from SOURCE: file:/path, env:NAME, systemd-credential:NAME or "
                    + "prompt.")
    private String passwordSource;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Key password: the first line of FILE (mode 0600).")
    private Path passwordFile;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Key password: the environment variable VAR.")
    private String passwordEnv;

    @Option(names = "--password-prompt", description = "Key password: ask on the terminal.")
    private boolean passwordPrompt;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    private picocli.CommandLine.Model.CommandSpec spec;

    public KeyHandle open(CryptoModule module) {
        PasswordSource password = io.gmgw.cli.pki.PasswordSources.of(spec, "--password", passwordSource,
                passwordFile, passwordEnv, passwordPrompt, "the key " + key, false);
        KeyOptions options = password == null ? KeyOptions.none() : KeyOptions.withPassword(password);
        if (cert != null) {
            try {
                CertificateFiles.certificates(cert, "--cert");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            options = options.withCertificateChain(cert);
        }
        return NamedKeys.open(module, "--key", key, options);
    }

    /** The chain to include: the handle's, which --cert sets; a usage error when there is none. */
    public static List<Sm2Certificate> chain(KeyHandle handle) {
        if (handle.certificateChain().isEmpty()) {
            throw new CommandFailedException(ExitCode.USAGE, "no certificate for the key " + handle.description()
                    + ": name the signer's certificate chain with --cert FILE (leaf first, then its CA)");
        }
        return handle.certificateChain();
    }
}
