package io.gmgw.crypto.pki;

import io.gmgw.crypto.core.MalformedEncodingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates, CRLs and certification requests from files named on the command line, PEM or DER. Every way such a
 * file can be wrong (truncated or garbled PEM, another kind of PEM block, a private key, DER of another structure,
 * binary junk, a huge file) is one {@link MalformedEncodingException} whose message names the option (or the argument,
 * or what the file is for) and the file, says what the file holds instead, and what to give; never a parser's class
 * name.
 */
public final class CertificateFiles {
    /** Certificates, CRLs and requests are small; a bigger file is none of them. */
    public static final long MAX_SIZE = 4L << 20;

    private CertificateFiles() {
    }

    /** A kind of file: its PEM labels, its DER parser, and how a message names it. */
    private record Kind<T>(String name, Set<String> labels, Function<byte[], T> fromDer) {
    }

    private static final Kind<Sm2Certificate> CERTIFICATE = new Kind<>("certificate", Set.of("CERTIFICATE"),
            Sm2Certificate::fromDer);
    private static final Kind<Sm2Crl> CRL = new Kind<>("CRL", Set.of(Sm2Crl.PEM_LABEL), Sm2Crl::fromDer);
    private static final Kind<Sm2CertificationRequest> REQUEST = new Kind<>("certification request",
            Set.of(Sm2CertificationRequest.PEM_LABEL, "NEW " + Sm2CertificationRequest.PEM_LABEL),
            Sm2CertificationRequest::fromDer);

    /**
     * Every certificate in {@code file} (the CERTIFICATE blocks of a PEM file, other blocks ignored, or one DER
     * certificate), at least one.
     *
     * @param option the option that named the file ({@code --trust}), or null for a command's argument
     */
    public static List<Sm2Certificate> certificates(Path file, String option) throws IOException {
        return read(file, option, CERTIFICATE);
    }

    /** The first certificate in {@code file} (a certificate file, or a chain file leaf first). */
    public static Sm2Certificate certificate(Path file, String option) throws IOException {
        return certificates(file, option).get(0);
    }

    /** Every CRL in {@code file} (PEM or DER), at least one. */
    public static List<Sm2Crl> crls(Path file, String option) throws IOException {
        return read(file, option, CRL);
    }

    /** The one certification request in {@code file} (PEM or DER). */
    public static Sm2CertificationRequest request(Path file, String option) throws IOException {
        List<Sm2CertificationRequest> requests = read(file, option, REQUEST);
        if (requests.size() != 1) {
            throw malformed(file, option, "holds " + requests.size() + " certification requests", REQUEST);
        }
        return requests.get(0);
    }

    private static <T> List<T> read(Path file, String option, Kind<T> kind) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > MAX_SIZE) {
            throw malformed(file, option, "is larger than " + MAX_SIZE + " bytes", kind);
        }
        byte[] content = Files.readAllBytes(file);
        if (content.length == 0) {
            throw malformed(file, option, "is empty", kind);
        }
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN ")) {
            return List.of(der(file, option, content, kind));
        }
        List<PemObject> blocks;
        try {
            blocks = Pem.all(text);
        } catch (MalformedEncodingException e) {
            throw malformed(file, option, "is not valid PEM: " + e.getMessage().replaceFirst("^malformed PEM: ", ""),
                    kind);
        }
        List<T> out = new ArrayList<>();
        Set<String> others = new LinkedHashSet<>();
        for (PemObject block : blocks) {
            if (!kind.labels().contains(block.getType())) {
                others.add(block.getType());
                continue;
            }
            try {
                out.add(kind.fromDer().apply(block.getContent()));
            } catch (MalformedEncodingException e) {
                throw malformed(file, option, "has a PEM " + block.getType() + " block (number " + (out.size()
                        + others.size() + 1) + ") that does not decode: " + e.getMessage(), kind);
            }
        }
        if (out.isEmpty()) {
            throw malformed(file, option, others.isEmpty() ? "holds no PEM block"
                    : "holds " + String.join(" and ", others.stream().map(CertificateFiles::describe).toList())
                            + ", not a " + kind.name(), kind);
        }
        return out;
    }

    private static <T> T der(Path file, String option, byte[] content, Kind<T> kind) {
        try {
            return kind.fromDer().apply(content);
        } catch (MalformedEncodingException e) {
            for (Kind<?> other : List.of(CERTIFICATE, CRL, REQUEST)) {
                if (other != kind && parses(other, content)) {
                    throw malformed(file, option, "holds a DER " + other.name() + ", not a " + kind.name(), kind);
                }
            }
            throw malformed(file, option, "is neither PEM nor a DER " + kind.name() + " (" + e.getMessage() + ")",
                    kind);
        }
    }

    private static boolean parses(Kind<?> kind, byte[] content) {
        try {
            kind.fromDer().apply(content);
            return true;
        } catch (MalformedEncodingException e) {
            return false;
        }
    }

    /** A PEM label in words: "a private key (PEM PRIVATE KEY)", "a CRL (PEM X509 CRL)". */
    private static String describe(String label) {
        String what;
        if (label.endsWith("PRIVATE KEY")) {
            what = "a private key";
        } else if (CERTIFICATE.labels().contains(label)) {
            what = "a certificate";
        } else if (CRL.labels().contains(label)) {
            what = "a CRL";
        } else if (REQUEST.labels().contains(label)) {
            what = "a certification request";
        } else if (label.equals("PUBLIC KEY")) {
            what = "a public key";
        } else {
            return "a PEM " + label + " block";
        }
        return what + " (PEM " + label + ")";
    }

    private static MalformedEncodingException malformed(Path file, String option, String problem, Kind<?> kind) {
        String where = option == null ? file.toString() : option + " " + file;
        return new MalformedEncodingException(where + ": the file " + problem + "; give a " + kind.name()
                + " file (PEM or DER)" + (option == null ? "" : " with " + option));
    }
}
