package io.gmgw.cli.otp;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.gateway.otp.enrol.ImportedSeed;
import io.gmgw.gateway.otp.enrol.SeedFile;
import io.gmgw.gateway.otp.enrol.SeedFileException;
import io.gmgw.gateway.otp.enrol.SeedImport;
import io.gmgw.gateway.otp.store.Sm4SeedKey;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw otp import}: the tokens of a vendor seed file, all or none. */
@ExitCodes({ExitCode.MALFORMED_INPUT, ExitCode.DATA_ERROR, ExitCode.CONFIG, ExitCode.IO_ERROR,
        ExitCode.PERMISSION_DENIED, ExitCode.AUDIT_UNAVAILABLE})
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import the tokens of a vendor seed file in gmgw's seed-file format (docs/otp.md): a line "
                + "'" + SeedFile.HEADER + "', then SERIAL ALGORITHM FACTORS DIGITS INTERVAL COUNTER SEED per token, "
                + "each seed encrypted under the SM4 transport key the vendor sent apart from the file (sm4-gcm: or "
                + "sm4-cbc:). The seeds are decrypted in memory, sealed under the store's seed key at once and "
                + "wiped; keep the transport key and the file offline afterwards.",
                "Every record is checked first; any bad one (each is listed with its line and what to do) or a "
                        + "serial already in the store imports nothing and exits 4; seeds that do not decrypt under "
                        + "the transport key exit 65. Audited as otp.import and otp.token-add per token."},
        footerHeading = "%nExample:%n",
        footer = {"  gmgw otp import vendor-seeds.txt --transport-key transport.key \\",
                "      --store otp --seed-key file:otp-seed.key"})
final class OtpImportCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private OtpStoreOptions options;

    @Mixin
    private JsonOption json;

    @Parameters(index = "0", paramLabel = "FILE", description = "The seed file.")
    private Path file;

    @Option(names = "--transport-key", paramLabel = "FILE", required = true,
            description = "The SM4 transport key: 32 hex digits in a file only its owner can read (mode 0600).")
    private Path transportKey;

    OtpImportCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /** What --json prints. */
    record Imported(String file, int tokens, List<OtpViews.Token> added) {
    }

    @Override
    public Integer call() throws IOException {
        CryptoModule module = bootstrap.approvedModule();
        Audit audit = bootstrap.auditForChange();
        String name = file.toString();
        List<TokenRecord> added;
        try (TokenStore store = options.open(module, audit)) {
            List<ImportedSeed> seeds;
            byte[] key = Sm4SeedKey.readKeyFile(transportKey, "transport key");
            try {
                if (Files.size(file) > SeedFile.MAX_BYTES) {
                    throw new CommandFailedException(ExitCode.MALFORMED_INPUT, name + " has more than "
                            + SeedFile.MAX_BYTES + " bytes; split it into several files");
                }
                seeds = new SeedFile(module).read(name, Files.readAllBytes(file), key);
            } catch (SeedFileException e) {
                refusedFile(audit, name, e);
                throw refused(e);
            } catch (IOException | CommandFailedException e) {
                refusedFile(audit, name, e);
                throw e;
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            try {
                added = SeedImport.run(store, audit, name, seeds, OtpStoreOptions.operator());
            } catch (SeedFileException e) {
                throw refused(e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        List<OtpViews.Token> views = added.stream().map(OtpViews.Token::of).toList();
        if (json.enabled()) {
            json.print(out, new Imported(name, added.size(), views));
            return ExitCode.OK.code();
        }
        out.println("Imported " + added.size() + (added.size() == 1 ? " token" : " tokens") + " from " + name + ": "
                + String.join(", ", added.stream().map(TokenRecord::serial).toList()) + ".");
        out.println("Assign them with 'gmgw otp assign SERIAL USER'; keep the transport key and the file offline.");
        out.flush();
        return ExitCode.OK.code();
    }

    private static void refusedFile(Audit audit, String name, Exception e) {
        audit.failure(AuditEventType.OTP_IMPORT, e.getMessage()).object(name)
                .detail("operator", OtpStoreOptions.operator()).writeFor(e);
    }

    private static CommandFailedException refused(SeedFileException e) {
        return new CommandFailedException(e.undecryptable() ? ExitCode.DATA_ERROR : ExitCode.MALFORMED_INPUT,
                e.getMessage(), e);
    }
}
