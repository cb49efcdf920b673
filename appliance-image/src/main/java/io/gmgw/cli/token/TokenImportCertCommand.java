package io.gmgw.cli.token;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Audited;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.Token;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw token import-cert}: stores a key's certificate on the token, where the key provider finds it. */
@ExitCodes({ExitCode.DATA_ERROR, ExitCode.CANT_CREATE, ExitCode.PERMISSION_DENIED})
@Command(name = "import-cert", mixinStandardHelpOptions = true,
        description = {"Store a certificate (PEM or DER; the first of a chain file) on the token next to its key: same"
                + " label, and the key's CKA_ID. The certificate must belong to the key labelled --label when there "
                + "is one (exit 65 otherwise); a certificate already stored under the label exits 73.",
                "The pkcs11: key provider then hands out the certificate with the key."},
        footerHeading = "%nExample:%n",
        footer = {"  gmgw token import-cert --token gw --label sign --pin-source file:token.pin \\",
                "      pki/issued/gw1/sign.cert.pem"})
final class TokenImportCertCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;
    @Spec
    private CommandSpec spec;

    @Mixin
    private TokenOptions token;

    @Option(names = "--label", paramLabel = "LABEL", required = true, description = "Label of the key (and the certificate).")
    private String label;

    @Option(names = "--pin-source", paramLabel = "SOURCE", required = true,
            description = "The user PIN: file:/path, env:NAME, systemd-credential:NAME or prompt.")
    private String pin;

    @Parameters(index = "0", paramLabel = "FILE", description = "The certificate file.")
    private Path file;

    TokenImportCertCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        Sm2Certificate cert = CertificateFiles.certificate(file, null);
        Audit audit = bootstrap.auditForChange();
        try (Pkcs11Module m = token.open()) {
            TokenInfo t = token.token(m);
            Audited.run(audit, AuditEventType.TOKEN_IMPORT_CERT, "token '" + t.label() + "' of " + m.path(),
                    () -> store(m, t, cert, audit), (stored, e) -> e.subject(cert.subject().toString())
                            .correlate("serial", cert.serialHex()).detail("label", label));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Stored certificate '" + cert.subject() + "' (serial " + cert.serialHex() + ") on token '"
                    + t.label() + "' as '" + label + "'.");
            out.flush();
        }
        return ExitCode.OK.code();
    }

    private long store(Pkcs11Module m, TokenInfo t, Sm2Certificate cert, Audit audit) {
        try (Token pool = m.token(token.selector(), token.pinSource("--pin-source", pin), 1, audit)) {
            return pool.call((lib, s) -> {
                if (lib.findObjects(s, TokenKeys.template(Ck.CKO_CERTIFICATE, label, null)).length > 0) {
                    throw new CommandFailedException(ExitCode.CANT_CREATE, "token '" + t.label() + "' already has "
                            + "a certificate labelled '" + label + "'");
                }
                long[] keys = lib.findObjects(s, TokenKeys.template(Ck.CKO_PRIVATE_KEY, label, null));
                byte[] id = null;
                if (keys.length == 1) {
                    if (!TokenKeys.publicKey(lib, s, keys[0], t.label()).equals(cert.publicKey())) {
                        throw new CommandFailedException(ExitCode.DATA_ERROR, file + " (" + cert.subject()
                                + ") is not the certificate of key '" + label + "' on token '" + t.label()
                                + "': their public keys differ");
                    }
                    id = lib.attribute(s, keys[0], Ck.CKA_ID);
                }
                return TokenKeys.importCertificate(lib, s, cert, label, id);
            });
        }
    }
}
