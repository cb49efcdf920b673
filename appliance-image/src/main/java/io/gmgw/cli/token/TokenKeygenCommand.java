package io.gmgw.cli.token;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Audited;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.Token;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw token keygen}: an SM2 key pair generated inside the token; the private key never leaves it. */
@ExitCodes({ExitCode.CANT_CREATE, ExitCode.PERMISSION_DENIED})
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Generate an SM2 key pair inside the token (the profile's SM2 key-generation mechanism, or "
                + "CKM_EC_KEY_PAIR_GEN on the SM2 curve): the private key is sensitive and never extractable.",
                "Prints the pkcs11: URI to use it by, e.g. with 'gmgw pki issue --sign-key URI' or 'gmgw pki csr "
                        + "--key URI'. A label already used by a private key exits 73."},
        footerHeading = "%nExample:%n",
        footer = "  gmgw token keygen --token gw --label sign --id 01 --pin-source file:token.pin")
final class TokenKeygenCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;
    private static final Logger LOG = LoggerFactory.getLogger("cli");

    @Spec
    private CommandSpec spec;

    @Mixin
    private TokenOptions token;

    @Option(names = "--label", paramLabel = "LABEL", required = true, description = "Label of the new key pair.")
    private String label;

    @Option(names = "--id", paramLabel = "HEX", description = "CKA_ID of the new key pair (hex), e.g. 01.")
    private String id;

    @Option(names = "--pin-source", paramLabel = "SOURCE", required = true,
            description = "The user PIN: file:/path, env:NAME, systemd-credential:NAME or prompt.")
    private String pin;

    TokenKeygenCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        byte[] keyId = TokenOptions.hexId(spec, "--id", id);
        Audit audit = bootstrap.auditForChange();
        try (Pkcs11Module m = token.open()) {
            TokenInfo t = token.token(m);
            TokenKeys.GeneratedKey k = Audited.run(audit, AuditEventType.KEY_GENERATE, TokenOptions.uri(m, t, label,
                    keyId), () -> {
                        try (Token pool = m.token(token.selector(), token.pinSource("--pin-source", pin), 1, audit)) {
                            return pool.call((lib, s) -> {
                                if (lib.findObjects(s, TokenKeys.template(Ck.CKO_PRIVATE_KEY, label, null)).length
                                        > 0) {
                                    throw new CommandFailedException(ExitCode.CANT_CREATE, "token '" + t.label()
                                            + "' already has a private key labelled '" + label + "'; choose another "
                                            + "--label");
                                }
                                return TokenKeys.generate(lib, s, m.profile(), label, keyId);
                            });
                        }
                    }, (generated, e) -> e.subject(t.serialNumber()).detail("algorithm", "SM2")
                            .detail("publicKey", HexFormat.of().formatHex(generated.publicKey().encoded())));
            LOG.info("SM2 key pair '{}' generated in token '{}' (serial {})", label, t.label(), t.serialNumber());
            PrintWriter out = spec.commandLine().getOut();
            out.println("Generated SM2 key pair '" + label + "'" + (keyId == null ? "" : " (id "
                    + HexFormat.of().formatHex(keyId) + ")") + " in token '" + t.label() + "' (serial "
                    + t.serialNumber() + ").");
            out.println("Public key: " + HexFormat.of().formatHex(k.publicKey().encoded()));
            out.println("Use it as: " + TokenOptions.uri(m, t, label, keyId));
            out.flush();
        }
        return ExitCode.OK.code();
    }
}
