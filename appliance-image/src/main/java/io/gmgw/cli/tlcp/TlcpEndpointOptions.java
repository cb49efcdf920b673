package io.gmgw.cli.tlcp;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.gateway.keys.EndpointKeys;
import io.gmgw.gateway.keys.KeyReference;
import io.gmgw.gateway.keys.KeyWiringException;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
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
            description = "Cipher suites in preference order (default: E053,E013,E051,E011).")
    List<String> suites = new ArrayList<>();

    @Mixin
    KeyPasswordOptions passwords;

    /** Whether any key, certificate, CRL or suite option was given (they are TLCP's; the VPN client's --tls refuses). */
    public boolean usesTlcpKeys() {
        return signKey != null || signCert != null || encKey != null || encCert != null || chain != null
                || !crls.isEmpty() || !suites.isEmpty();
    }

    public List<CipherSuite> suites() {
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
    public TlcpCredentials credentials(CryptoModule module) throws IOException {
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

    /**
     * The verifier of the server's certificates, anchored in {@code trust} (the command's --trust). Without --crl, revocation is not checked (the report says so). With
     * any --crl, it is required for every CA on the server's path, and a trust anchor without a current, authentic
     * CRL among them stops the command before it connects.
     */
    public CertificateVerifier serverVerifier(CryptoModule module, Path trust) throws IOException {
        CertificateVerifier.Builder b = CertificateVerifier.builder(module)
                .trustAnchors(CertificateFiles.certificates(trust, "--trust"));
        if (crls.isEmpty()) {
            return b.revocationPolicy(RevocationPolicy.IF_PRESENT).build();
        }
        CertificateVerifier v = b.crls(readCrls()).revocationPolicy(RevocationPolicy.REQUIRE).build();
        Instant now = module.clock().instant();
        for (var anchor : v.trustAnchors()) {
            var problem = v.crlProblem(anchor, now);
            if (problem.isPresent()) {
                throw new CommandFailedException(ExitCode.CERTIFICATE, "--crl: the server's certificates cannot be "
                        + "checked for revocation: trust anchor " + anchor + ": " + problem.get().message()
                        + "; give the CA's current CRL with --crl, or leave out every --crl to connect without "
                        + "revocation checks");
            }
        }
        return v;
    }

    /** The CRLs of every {@code --crl} file, each read whole (PEM with one or more CRLs, or one DER CRL). */
    public List<Sm2Crl> readCrls() throws IOException {
        List<Sm2Crl> list = new ArrayList<>();
        for (Path p : crls) {
            list.addAll(CertificateFiles.crls(p, "--crl"));
        }
        return list;
    }
}
