package io.gmgw.crypto.pki;

import io.gmgw.crypto.core.MalformedEncodingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A CA folder's own certificate and CRL files (exactly one each), read by {@link CertificateFiles}, and chain files
 * written; {@link #read} bounds any small file gmgw reads whole.
 */
public final class PemFiles {
    /** Certificates, CRLs, requests and keys are small; a bigger file is none of them. */
    public static final long MAX_SIZE = 4L << 20;

    private PemFiles() {
    }

    public static byte[] read(Path file) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > MAX_SIZE) {
            throw new MalformedEncodingException(file + " is larger than " + MAX_SIZE
                    + " bytes: not a certificate, CRL, request or key");
        }
        return Files.readAllBytes(file);
    }

    /** The one certificate in the CA file {@code file} (read as {@link CertificateFiles} reads every such file). */
    public static Sm2Certificate certificate(Path file) throws IOException {
        List<Sm2Certificate> certs = CertificateFiles.certificates(file, null);
        if (certs.size() != 1) {
            throw new MalformedEncodingException(file + " should hold one certificate, not " + certs.size());
        }
        return certs.get(0);
    }

    /** The one CRL in the CA file {@code file}. */
    public static Sm2Crl crl(Path file) throws IOException {
        List<Sm2Crl> crls = CertificateFiles.crls(file, null);
        if (crls.size() != 1) {
            throw new MalformedEncodingException(file + " should hold one CRL, not " + crls.size());
        }
        return crls.get(0);
    }

    public static String pem(List<Sm2Certificate> certificates) {
        StringBuilder sb = new StringBuilder();
        certificates.forEach(c -> sb.append(c.toPem()));
        return sb.toString();
    }
}
