package io.gmgw.crypto.pki;

import io.gmgw.crypto.MalformedEncodingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads certificate, CRL, request and key files, with messages that name the file. */
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

    public static String text(Path file) throws IOException {
        return new String(read(file), StandardCharsets.US_ASCII);
    }

    /** The one certificate in {@code file}. */
    public static Sm2Certificate certificate(Path file) throws IOException {
        List<Sm2Certificate> certs = certificates(file);
        if (certs.size() != 1) {
            throw new MalformedEncodingException(file + " should hold one PEM certificate, not " + certs.size());
        }
        return certs.get(0);
    }

    public static List<Sm2Certificate> certificates(Path file) throws IOException {
        String pem = text(file);
        try {
            return Sm2Certificate.fromPem(pem);
        } catch (MalformedEncodingException e) {
            throw new MalformedEncodingException(file + ": " + e.getMessage(), e);
        }
    }

    /** The one CRL in {@code file}. */
    public static Sm2Crl crl(Path file) throws IOException {
        List<Sm2Crl> crls;
        try {
            crls = Sm2Crl.fromPem(text(file));
        } catch (MalformedEncodingException e) {
            throw new MalformedEncodingException(file + ": " + e.getMessage(), e);
        }
        if (crls.size() != 1) {
            throw new MalformedEncodingException(file + " should hold one PEM CRL, not " + crls.size());
        }
        return crls.get(0);
    }

    public static String pem(List<Sm2Certificate> certificates) {
        StringBuilder sb = new StringBuilder();
        certificates.forEach(c -> sb.append(c.toPem()));
        return sb.toString();
    }
}
