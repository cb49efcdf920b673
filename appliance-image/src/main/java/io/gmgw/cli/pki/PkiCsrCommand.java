package io.gmgw.cli.pki;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.pki.Sm2CertificationRequest;
import io.gmgw.files.DurableFiles;
import io.gmgw.gateway.keys.NamedKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw pki csr}: a PKCS#10 request signed by an existing key, which never leaves where it is. */
@ExitCodes({ExitCode.CANT_CREATE, ExitCode.PERMISSION_DENIED})
@Command(name = "csr", mixinStandardHelpOptions = true,
        description = {"Write a PKCS#10 certification request (PEM) for an existing key, signed by that key "
                + "(SM3withSM2, default SM2 user ID): for a key that never leaves its token, or a CA elsewhere.",
                "A double pair needs two requests, one per key; 'gmgw pki issue --csr S --enc-csr E' issues both."},
        footerHeading = "%nExample:%n",
        footer = {"  gmgw pki csr --key 'pkcs11:token=alice;object=sign' \\",
                "      --password-file alice.pin --subject 'CN=alice, O=Example' \\",
                "      --out alice-sign.csr"})
final class PkiCsrCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Option(names = "--key", paramLabel = "URI", required = true,
            description = "The key: a path, a file: or a pkcs11: URI.")
    private String key;

    @Option(names = "--subject", paramLabel = "DN", required = true,
            description = "Subject to request, as 'CN=..., O=..., C=CN' or '/C=CN/O=.../CN=...'.")
    private String subject;

    @Option(names = "--dns", paramLabel = "NAME", split = ",",
            description = "DNS names (or IP addresses) to request as subjectAltName; the CA decides what it grants.")
    private List<String> dnsNames = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "Where to write the request; '-' writes it to standard output. An existing file is kept.")
    private String outFile;

    @Mixin
    private PasswordOptions password;

    PkiCsrCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        X500Name name = PkiArguments.distinguishedName(spec, "--subject", subject);
        Path file = outFile.equals("-") ? null : Path.of(outFile);
        if (file != null && Files.exists(file)) {
            throw new CommandFailedException(ExitCode.CANT_CREATE, file + " already exists; gmgw does not overwrite "
                    + "it: choose another --out, or move the file away");
        }
        CryptoModule module = bootstrap.approvedModule();
        Sm2CertificationRequest request;
        String keyDescription;
        try (KeyHandle handle = NamedKeys.open(module, "--key", key,
                KeyOptions.withPassword(password.forOpening("the key")))) {
            keyDescription = handle.description();
            try {
                request = Sm2CertificationRequest.create(handle, name, dnsNames);
            } catch (IllegalArgumentException e) {
                throw PkiArguments.usage(spec, "--dns: " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (file == null) {
            out.print(request.toPem());
            out.flush();
            return ExitCode.OK.code();
        }
        try {
            DurableFiles.create(file, request.toPem().getBytes(StandardCharsets.US_ASCII), false);
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailedException(ExitCode.CANT_CREATE, file + " already exists; gmgw does not overwrite "
                    + "it: choose another --out, or move the file away", e);
        }
        out.println("Wrote a request for '" + name + "' (key " + keyDescription + ") to " + file
                + (dnsNames.isEmpty() ? "" : ", asking for DNS " + String.join(" ", dnsNames)) + ".");
        out.println("At the CA: gmgw pki issue --client NAME --csr " + file + " --enc-csr OTHER.csr");
        out.flush();
        return ExitCode.OK.code();
    }
}
