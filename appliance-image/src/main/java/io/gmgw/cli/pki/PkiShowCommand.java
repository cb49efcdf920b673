package io.gmgw.cli.pki;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.pki.CertificatePurpose;
import io.gmgw.crypto.pki.CertificateVerificationException;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.Pem;
import io.gmgw.crypto.pki.PemFiles;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2CertificationRequest;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.crypto.pki.VerificationResult;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bouncycastle.util.io.pem.PemObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw pki show FILE}: what a certificate, CRL, request or key file holds, and — for certificates and CRLs in
 * a PKI folder (or with {@code --dir}) — whether it checks out against the folder's CAs.
 */
@ExitCodes({ExitCode.VERIFICATION_FAILED, ExitCode.CERTIFICATE, ExitCode.MALFORMED_INPUT})
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show a certificate or chain file, a CRL, a certification request or a private key (PEM, or DER "
                + "for the first three). Never shows a private key's secret.",
                "A certificate in a PKI folder (or with --dir) is checked against the folder's root with its CRLs: an "
                        + "invalid chain exits 2, with the reason. A CRL is checked against its CA; a request's "
                        + "self-signature is checked (exit 1 when it fails)."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw pki show pki/issued/vpn.example.com/sign.chain.pem",
                "  gmgw pki show --json pki/intermediate/ca.crl.pem"})
final class PkiShowCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to show.")
    private Path file;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Check against the PKI folder DIR (default: the PKI folder the file is in, if any).")
    private Path dir;

    @Mixin
    private JsonOption json;

    @Mixin
    private PasswordOptions password;

    PkiShowCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        CryptoModule module = bootstrap.approvedModule();
        Optional<PkiFolder> folder;
        if (dir != null) {
            PkiFolder f = new PkiFolder(dir);
            f.requireCa();
            folder = Optional.of(f);
        } else {
            folder = PkiFolder.containing(file);
        }
        byte[] content = PemFiles.read(file);
        String name = file.toString();
        boolean pem = isPem(content);
        String text = new String(content, StandardCharsets.US_ASCII);
        ShownFile shown;
        Runnable verdict = () -> { };
        switch (pem ? parse(() -> kind(text)) : derKind(name, content)) {
            case "certificate" -> {
                List<Sm2Certificate> certs = parse(() -> pem ? Sm2Certificate.fromPem(text)
                        : List.of(Sm2Certificate.fromDer(content)));
                CertificateCheck check = certificates(module, name, certs, folder);
                shown = check.shown();
                verdict = check.verdict();
            }
            case "crl" -> {
                List<Sm2Crl> crls = parse(() -> pem ? Sm2Crl.fromPem(text) : List.of(Sm2Crl.fromDer(content)));
                if (crls.size() != 1) {
                    throw new MalformedEncodingException(file + " holds " + crls.size() + " CRLs; show one at a time");
                }
                Sm2Crl crl = crls.get(0);
                ShownFile.CrlCheck check = folder.map(f -> crlCheck(module, f, crl)).orElse(null);
                shown = ShownFile.Crl.of(name, crl, check);
                verdict = crlVerdict(name, check);
            }
            case "csr" -> {
                ShownFile.Request r = ShownFile.Request.of(module, name, parse(() -> pem
                        ? Sm2CertificationRequest.fromPem(text) : Sm2CertificationRequest.fromDer(content)));
                shown = r;
                verdict = requestVerdict(name, r);
            }
            default -> shown = key(module, name, text);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            json.print(out, shown);
        } else {
            shown.lines().forEach(out::println);
            out.flush();
        }
        verdict.run();
        return ExitCode.OK.code();
    }

    private record CertificateCheck(ShownFile.Certificates shown, Runnable verdict) {
    }

    private static CertificateCheck certificates(CryptoModule module, String name, List<Sm2Certificate> certs,
            Optional<PkiFolder> folder) throws IOException {
        List<ShownFile.Certificate> views = certs.stream().map(c -> ShownFile.Certificate.of(module, c)).toList();
        if (folder.isEmpty()) {
            return new CertificateCheck(new ShownFile.Certificates(name, "certificate", views, null), () -> { });
        }
        PkiFolder f = folder.get();
        Sm2Certificate leaf = certs.get(0);
        CertificatePurpose purpose = purpose(leaf);
        CertificateVerifier verifier = CertificateVerifier.builder(module)
                .trustAnchor(PemFiles.certificate(f.root().certificate()))
                .intermediates(List.of(PemFiles.certificate(f.intermediate().certificate())))
                .crls(crls(f))
                .revocationPolicy(RevocationPolicy.REQUIRE)
                .build();
        VerificationResult result = verifier.verify(leaf, certs.subList(1, certs.size()), module.clock().instant(),
                purpose);
        String anchor = f.root().certificate().toString();
        ShownFile.ChainCheck check = switch (result) {
            case VerificationResult.Valid v -> new ShownFile.ChainCheck(anchor, purpose.name(), true, null, null,
                    v.path().stream().map(c -> c.subject().toString()).toList());
            case VerificationResult.Invalid i -> new ShownFile.ChainCheck(anchor, purpose.name(), false,
                    i.reason().name(), i.message(), List.of());
        };
        Runnable verdict = result instanceof VerificationResult.Invalid i
                ? () -> {
                    throw new CertificateVerificationException(i);
                }
                : () -> { };
        return new CertificateCheck(new ShownFile.Certificates(name, "certificate", views, check), verdict);
    }

    /** What the certificate is for, judged from itself, so that the check includes its key usage. */
    private static CertificatePurpose purpose(Sm2Certificate cert) {
        if (cert.isCa()) {
            return CertificatePurpose.CA;
        }
        if (cert.isSigningCertificate() && !cert.isEncryptionCertificate()) {
            return CertificatePurpose.SIGNING;
        }
        if (cert.isEncryptionCertificate() && !cert.isSigningCertificate()) {
            return CertificatePurpose.ENCRYPTION;
        }
        return CertificatePurpose.ANY;
    }

    private static List<Sm2Crl> crls(PkiFolder f) throws IOException {
        List<Sm2Crl> crls = new ArrayList<>();
        for (Path p : List.of(f.root().crl(), f.intermediate().crl())) {
            if (Files.exists(p)) {
                crls.add(PemFiles.crl(p));
            }
        }
        return crls;
    }

    /** A CRL of the folder is signed by the folder's CA of the same name and not past its next update. */
    private static ShownFile.CrlCheck crlCheck(CryptoModule module, PkiFolder f, Sm2Crl crl) {
        Instant now = module.clock().instant();
        for (PkiFolder.CaFolder ca : List.of(f.root(), f.intermediate())) {
            Sm2Certificate cert;
            try {
                cert = PemFiles.certificate(ca.certificate());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (!cert.subject().equals(crl.issuer())) {
                continue;
            }
            String where = ca.certificate().toString();
            if (!crl.isSignedBy(module, cert.publicKey(), Sm2.defaultUserId())) {
                return new ShownFile.CrlCheck(where, false, "its signature does not verify with the key of the "
                        + ca.description() + " (" + where + "): it was altered or signed by another CA");
            }
            if (crl.nextUpdate().isPresent() && now.isAfter(crl.nextUpdate().get())) {
                return new ShownFile.CrlCheck(where, false, "signed by the " + ca.description() + ", but expired on "
                        + crl.nextUpdate().get() + ": verifiers refuse it; issue a fresh one with 'gmgw pki crl'");
            }
            if (crl.thisUpdate().isAfter(now)) {
                return new ShownFile.CrlCheck(where, false, "signed by the " + ca.description() + ", but issued in "
                        + "the future (" + crl.thisUpdate() + "); check the clock");
            }
            return new ShownFile.CrlCheck(where, true, "signed by the " + ca.description() + " (" + where
                    + "), current until " + crl.nextUpdate().map(Object::toString).orElse("(no next update)"));
        }
        return new ShownFile.CrlCheck(null, false, "its issuer '" + crl.issuer() + "' is neither CA of " + f);
    }

    private static Runnable crlVerdict(String name, ShownFile.CrlCheck check) {
        if (check == null || check.valid()) {
            return () -> { };
        }
        return () -> {
            throw new CommandFailedException(ExitCode.CERTIFICATE, name + ": " + check.message());
        };
    }

    private static Runnable requestVerdict(String name, ShownFile.Request r) {
        if (r.signatureValid()) {
            return () -> { };
        }
        return () -> {
            throw new CommandFailedException(ExitCode.VERIFICATION_FAILED, "the self-signature of " + name + " does "
                    + "not verify (SM3withSM2, default SM2 user ID): the request was altered or not signed by its key");
        };
    }

    private ShownFile.Key key(CryptoModule module, String name, String pem) {
        PemObject block = Pem.all(pem).stream().filter(b -> b.getType().endsWith("PRIVATE KEY")).findFirst()
                .orElseThrow();
        boolean encrypted = block.getType().equals("ENCRYPTED PRIVATE KEY");
        String format = switch (block.getType()) {
            case "PRIVATE KEY" -> "PKCS#8";
            case "ENCRYPTED PRIVATE KEY" -> "PKCS#8, encrypted (PBES2)";
            default -> "SEC1 (" + block.getType() + ")";
        };
        String scheme = encrypted ? KeyEncryptionDescription.of(block.getContent(), name) : null;
        PasswordSource source = password.forOpening(name);
        if (encrypted && source == null) {
            return new ShownFile.Key(name, "key", "SM2", "sm2p256v1", format, true, scheme, null, null);
        }
        Sm2PrivateKey key = PrivateKeyPem.read(module, pem, source, name);
        try {
            return new ShownFile.Key(name, "key", "SM2", "sm2p256v1", format, encrypted, scheme,
                    ShownFile.hex(key.publicKey().encoded()), ShownFile.keyId(module, key.publicKey()));
        } finally {
            key.destroy();
        }
    }

    /** The kind of a DER file: a certificate, a CRL or a request, whichever parses. */
    private static String derKind(String name, byte[] der) {
        List<String> why = new ArrayList<>();
        try {
            Sm2Certificate.fromDer(der);
            return "certificate";
        } catch (MalformedEncodingException e) {
            why.add(e.getMessage());
        }
        try {
            Sm2Crl.fromDer(der);
            return "crl";
        } catch (MalformedEncodingException e) {
            why.add(e.getMessage());
        }
        try {
            Sm2CertificationRequest.fromDer(der);
            return "csr";
        } catch (MalformedEncodingException e) {
            why.add(e.getMessage());
        }
        throw new MalformedEncodingException(name + " is neither PEM nor a DER certificate, CRL or request ("
                + String.join("; ", why) + ")");
    }

    private static boolean isPem(byte[] content) {
        return new String(content, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }

    /** The kind of a PEM file from its labels; a file of several kinds, or of none gmgw shows, is malformed input. */
    private static String kind(String pem) {
        Set<String> kinds = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (PemObject block : Pem.all(pem)) {
            String label = block.getType();
            switch (label) {
                case "CERTIFICATE" -> kinds.add("certificate");
                case Sm2Crl.PEM_LABEL -> kinds.add("crl");
                case Sm2CertificationRequest.PEM_LABEL, "NEW CERTIFICATE REQUEST" -> kinds.add("csr");
                default -> {
                    if (label.endsWith("PRIVATE KEY")) {
                        kinds.add("key");
                    } else if (!label.endsWith("PARAMETERS")) {
                        unknown.add(label);
                    }
                }
            }
        }
        if (kinds.isEmpty()) {
            throw new MalformedEncodingException("no certificate, CRL, request or private key in the file (PEM "
                    + "blocks: " + (unknown.isEmpty() ? "none" : String.join(", ", unknown)) + ")");
        }
        if (kinds.size() > 1) {
            throw new MalformedEncodingException("the file mixes " + String.join(" and ", kinds) + " blocks; show "
                    + "one kind at a time");
        }
        return kinds.iterator().next();
    }

    @FunctionalInterface
    private interface Parse<T> {
        T get();
    }

    private <T> T parse(Parse<T> parse) {
        try {
            return parse.get();
        } catch (MalformedEncodingException e) {
            throw new MalformedEncodingException(file + ": " + e.getMessage(), e);
        }
    }
}
