package io.gmgw.cli.tlcp;

import io.gmgw.cli.CertificateFiles;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.OptionKeys;
import io.gmgw.cli.pki.PasswordOptions;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.sslvpn.tlcp.CipherSuite;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The key, certificate, trust and suite options {@code tlcp connect} and {@code tlcp serve} share. */
public final class TlcpEndpointOptions {
    @Option(names = "--sign-key", paramLabel = "URI", description = "Signing private key: a PEM file or a key URI "
            + "(file:, pkcs11:).")
    String signKey;

    @Option(names = "--sign-cert", paramLabel = "PEM", description = "Signing certificate (digitalSignature).")
    Path signCert;

    @Option(names = "--enc-key", paramLabel = "URI", description = "Encryption private key: a PEM file or a key URI.")
    String encKey;

    @Option(names = "--enc-cert", paramLabel = "PEM", description = "Encryption certificate (keyEncipherment).")
    Path encCert;

    @Option(names = "--chain", paramLabel = "PEM", description = "CA certificates sent after the double certificate "
            + "(the issuing CA; not the root).")
    Path chain;

    @Option(names = "--crl", paramLabel = "FILE", description = "A CRL (PEM or DER) for checking the peer; repeatable."
            + "")
    List<Path> crls = new ArrayList<>();

    @Option(names = "--suite", paramLabel = "S[,S...]", split = ",",
            description = "Cipher suites in preference order (default: E013,E053,E011,E051).")
    List<String> suites = new ArrayList<>();

    @Mixin
    PasswordOptions password;

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

    /** The credentials, or null when no signing key is given; half-given pairs are usage errors. */
    TlcpCredentials credentials(CryptoModule module) throws IOException {
        if ((signKey == null) != (signCert == null)) {
            throw new CommandFailedException(ExitCode.USAGE, "give --sign-key and --sign-cert together");
        }
        if ((encKey == null) != (encCert == null)) {
            throw new CommandFailedException(ExitCode.USAGE, "give --enc-key and --enc-cert together");
        }
        if (signKey == null) {
            if (encKey != null) {
                throw new CommandFailedException(ExitCode.USAGE, "--enc-key needs --sign-key and --sign-cert as well");
            }
            return null;
        }
        Sm2Certificate sign = CertificateFiles.certificate(signCert, "--sign-cert");
        Sm2Certificate enc = encCert == null ? null : CertificateFiles.certificate(encCert, "--enc-cert");
        KeyHandle signHandle = open(module, "--sign-key", signKey);
        KeyHandle encHandle = encKey == null ? null : open(module, "--enc-key", encKey);
        List<Sm2Certificate> ca = chain == null ? List.of() : CertificateFiles.certificates(chain, "--chain");
        try {
            return new TlcpCredentials(signHandle, sign, encHandle, enc, ca);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.CONFIG, e.getMessage()
                    + "; check that each --*-key matches its --*-cert");
        }
    }

    private KeyHandle open(CryptoModule module, String option, String uri) {
        return OptionKeys.open(module, option, uri, KeyOptions.withPassword(password.forOpening("the key " + uri)));
    }

    /** A verifier trusting the certificates in {@code trust}, with the given CRLs. */
    CertificateVerifier verifier(CryptoModule module, Path trust) throws IOException {
        List<Sm2Certificate> anchors = CertificateFiles.certificates(trust, "--trust");
        CertificateVerifier.Builder b = CertificateVerifier.builder(module).trustAnchors(anchors);
        if (!crls.isEmpty()) {
            List<Sm2Crl> list = new ArrayList<>();
            for (Path p : crls) {
                list.addAll(CertificateFiles.crls(p, "--crl"));
            }
            b.crls(list).revocationPolicy(RevocationPolicy.IF_PRESENT);
        }
        return b.build();
    }
}
