package io.gmgw.gateway.otp.enrol;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the tokens of a seed file into the token store, all or none: serials already in the store are refused before
 * anything is written, and if a write fails half-way the tokens added by this import are removed again. Each token is
 * audited by the store ({@code otp.token-add}, origin "seed file NAME"), the whole import as {@code otp.import}.
 */
public final class SeedImport {
    private SeedImport() {
    }

    /**
     * Adds every seed (wiping each, whatever happens) and returns the records.
     *
     * @throws SeedFileException if a serial is already in the store (nothing is added)
     */
    public static List<TokenRecord> run(TokenStore store, Audit audit, String file, List<ImportedSeed> seeds,
            String operator) throws IOException {
        List<TokenRecord> added = new ArrayList<>();
        try {
            List<SeedFileException.Problem> taken = new ArrayList<>();
            for (ImportedSeed s : seeds) {
                if (store.get(s.serial()).isPresent()) {
                    taken.add(new SeedFileException.Problem(s.line(), "token " + s.serial() + " is already in the "
                            + "store", "drop the line, or 'gmgw otp remove " + s.serial() + "' first"));
                }
            }
            if (!taken.isEmpty()) {
                throw new SeedFileException(file, taken, false);
            }
            for (ImportedSeed s : seeds) {
                added.add(store.add(s.serial(), s.profile(), s.seed(), Optional.empty(), s.firstCounter(),
                        "seed file " + file));
            }
        } catch (IOException | RuntimeException e) {
            for (TokenRecord r : added) {
                try {
                    store.remove(r.serial(), operator + " (undoing the failed import of " + file + ")");
                } catch (IOException | RuntimeException undo) {
                    e.addSuppressed(undo);
                }
            }
            audit.failure(AuditEventType.OTP_IMPORT, e.getMessage()).object(file).detail("operator", operator)
                    .writeFor(e);
            throw e;
        } finally {
            seeds.forEach(ImportedSeed::close);
        }
        audit.success(AuditEventType.OTP_IMPORT).object(file).detail("operator", operator)
                .detail("tokens", added.size()).detail("serials", added.stream().map(TokenRecord::serial).toList())
                .write();
        return added;
    }
}
