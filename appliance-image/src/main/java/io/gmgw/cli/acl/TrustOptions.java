package io.gmgw.cli.acl;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.crypto.MalformedEncodingException;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --trust CA} and {@code --crl FILE}: what a signer's certificate must chain to, and the CRLs to check. */
final class TrustOptions {
    static final long MAX_PEM = 4L << 20;

    @Option(names = "--trust", paramLabel = "CA", required = true,
            description = "PEM file of trusted CA certificate(s) (root or issuing CA); repeatable.")
    private List<Path> trust = new ArrayList<>();

    @Option(names = "--crl", paramLabel = "FILE",
            description = "PEM CRL(s) to check the signer's path against (offline); repeatable.")
    private List<Path> crls = new ArrayList<>();

    List<Sm2Certificate> anchors() throws IOException {
        List<Sm2Certificate> out = new ArrayList<>();
        for (Path p : trust) {
            List<Sm2Certificate> certs = parse(p, () -> Sm2Certificate.fromPem(read(p)));
            if (certs.isEmpty()) {
                throw new CommandFailedException(ExitCode.MALFORMED_INPUT, p + " holds no PEM certificate; --trust "
                        + "takes the CA certificate(s) the signer must chain to");
            }
            out.addAll(certs);
        }
        return out;
    }

    List<Sm2Crl> crls() throws IOException {
        List<Sm2Crl> out = new ArrayList<>();
        for (Path p : crls) {
            out.addAll(parse(p, () -> Sm2Crl.fromPem(read(p))));
        }
        return out;
    }

    static String read(Path p) {
        try {
            if (Files.size(p) > MAX_PEM) {
                throw new CommandFailedException(ExitCode.MALFORMED_INPUT, p + " is larger than a PEM file of "
                        + "certificates or CRLs can be");
            }
            return Files.readString(p, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    interface Parse<T> {
        T get();
    }

    static <T> T parse(Path p, Parse<T> parse) {
        try {
            return parse.get();
        } catch (MalformedEncodingException e) {
            throw new MalformedEncodingException(p + ": " + e.getMessage(), e);
        }
    }
}
