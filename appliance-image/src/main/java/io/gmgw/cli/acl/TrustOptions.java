package io.gmgw.cli.acl;

import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --trust CA} and {@code --crl FILE}: what a signer's certificate must chain to, and the CRLs to check. */
final class TrustOptions {
    @Option(names = "--trust", paramLabel = "CA", required = true,
            description = "PEM or DER file of trusted CA certificate(s) (root or issuing CA); repeatable.")
    private List<Path> trust = new ArrayList<>();

    @Option(names = "--crl", paramLabel = "FILE",
            description = "CRL file(s), PEM or DER, to check the signer's path against (offline); repeatable.")
    private List<Path> crls = new ArrayList<>();

    List<Sm2Certificate> anchors() throws IOException {
        List<Sm2Certificate> out = new ArrayList<>();
        for (Path p : trust) {
            out.addAll(CertificateFiles.certificates(p, "--trust"));
        }
        return out;
    }

    List<Sm2Crl> crls() throws IOException {
        List<Sm2Crl> out = new ArrayList<>();
        for (Path p : crls) {
            out.addAll(CertificateFiles.crls(p, "--crl"));
        }
        return out;
    }
}
