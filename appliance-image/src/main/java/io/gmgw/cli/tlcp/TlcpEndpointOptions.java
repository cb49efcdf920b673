package io.gmgw.cli.tlcp;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.gateway.keys.EndpointKeys;
import io.gmgw.gateway.keys.KeyReference;
import io.gmgw.gateway.keys.KeyWiringException;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The key, certificate, CRL and suite options {@code tlcp connect} and {@code tlcp serve} share. The keys are opened
 * by gateway-core's {@link EndpointKeys}, as the gateway's configuration opens them: a key's certificate and chain may
 * come from options or from the key itself (beside the key file, or on the token).
 */
public final class TlcpEndpointOptions {

    @Option(names = "--sign-key", paramLabel = "URI", description = "Signing private key: a PEM file or a key URI "
            + "(file:, pkcs11:). Its certificate and chain are found beside the file or on the token when "
            + "--sign-cert is not given.")
    String signKey;

    @Option(names = "--sign-cert", paramLabel = "PEM", description = "Signing certificate (digitalSignature); "
            + "default: the one beside the key file or on the token.")
    Path signCert;

    @Option(names = "--enc-key", paramLabel = "URI", description = "Encryption private key: a PEM file or a key URI.")
    String encKey;

    @Option(names = "--enc-cert", paramLabel = "PEM", description = "Encryption certificate (keyEncipherment); "
            + "default: the one beside the key file or on the token.")
    Path encCert;

    @Option(names = "--chain", paramLabel = "PEM", description = "CA certificates sent after the double certificate "
            + "(the issuing CA; not the root). Default: the CAs of the signing key's chain, without the root.")
    Path chain;

    @Option(names = "--crl", paramLabel = "FILE", description = "A CRL (PEM or DER) for checking the peer's "
            + "certificates; repeatable. With any, every CA on the peer's path must have a current CRL.")
    List<Path> crls = new ArrayList<>();

    @Option(names = "--suite", paramLabel = "S[,S...]", split = ",",
            description = "Cipher suites in preference order (default: E013,E053,E011,E051).")
    List<String> suites = new ArrayList<>();

    @Mixin
    KeyPasswordOptions passwords;

    List<CipherSuite> suites() {
        if (suites.isEmpty()) {
            return CipherSuite.DEFAULT_ORDER;
        }
        try {
            return CipherSuite.parseList(String.join(",", suites));
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.USAGE, "--suite: " + e.getMessage());
        }
    }

    /** The credentials, or null when no signing key is given; a certificate without its key is a usage error. */
    TlcpCredentials credentials(CryptoModule module) throws IOException {
        if (signCert != null && signKey == null) {
            throw new CommandFailedException(ExitCode.USAGE, "--sign-cert needs --sign-key (the key it belongs to)");
        }
        if (encCert != null && encKey == null) {
            throw new CommandFailedException(ExitCode.USAGE, "--enc-cert needs --enc-key (the key it belongs to)");
        }
        if (signKey == null) {
            if (encKey != null) {
                throw new CommandFailedException(ExitCode.USAGE, "--enc-key needs --sign-key as well");
            }
            return null;
        }
        KeyReference sign = new KeyReference("--sign-key", signKey, "--sign-cert", signCert,
                passwords.forSigningKey("the key " + signKey));
        KeyReference enc = encKey == null ? null : new KeyReference("--enc-key", encKey, "--enc-cert", encCert,
                passwords.forEncryptionKey("the key " + encKey));
        EndpointKeys keys;
        try {
            keys = EndpointKeys.open(module, sign, enc, chain, "--chain");
        } catch (KeyWiringException e) {
            throw new CommandFailedException(ExitCode.USAGE, e.getMessage(), e);
        }
        try {
            return new TlcpCredentials(keys.signingKey(), keys.signingCertificate(), keys.encryptionKey(),
                    keys.encryptionCertificate(), keys.chain());
        } catch (IllegalArgumentException e) {
            keys.close(); // nothing keeps keys that will not be used
            throw new CommandFailedException(ExitCode.CONFIG, e.getMessage()
                    + "; check that each --*-key matches its certificate");
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    /** The CRLs of every {@code --crl} file, each read whole (PEM with one or more CRLs, or one DER CRL). */
    List<Sm2Crl> readCrls() throws IOException {
        List<Sm2Crl> list = new ArrayList<>();
        for (Path p : crls) {
            list.addAll(CertificateFiles.crls(p, "--crl"));
        }
        return list;
    }
}
