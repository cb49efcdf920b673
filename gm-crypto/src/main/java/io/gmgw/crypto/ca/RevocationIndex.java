package io.gmgw.crypto.ca;

import io.gmgw.crypto.pki.RevocationReason;
import io.gmgw.crypto.pki.RevokedCertificate;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CA's revocation index, {@code revoked.txt}: the certificates it has revoked, from which every CRL is made.
 * Line format: {@code SERIAL<TAB>REVOKED_AT<TAB>REASON<TAB>SUBJECT}, the serial in upper-case hex, the date in ISO
 * 8601 UTC, the reason by its RFC 5280 §5.3.1 name. Only used under the folder's lock ({@link PkiFolder#lock}).
 */
public final class RevocationIndex {
    /** One revocation; {@code subject} is for people and may be empty. */
    public record Entry(RevokedCertificate revocation, String subject) {
        String line() {
            return StateFile.hex(revocation.serialNumber()) + "\t" + revocation.revocationDate() + "\t"
                    + revocation.reason().asn1Name() + "\t" + StateFile.field(subject);
        }
    }

    private final Path file;
    private final String caName;
    private final Map<BigInteger, Entry> entries;

    private RevocationIndex(Path file, String caName, Map<BigInteger, Entry> entries) {
        this.file = file;
        this.caName = caName;
        this.entries = entries;
    }

    static RevocationIndex create(Path file, String caName) throws IOException {
        RevocationIndex index = new RevocationIndex(file, caName, new LinkedHashMap<>());
        index.save();
        return index;
    }

    public static RevocationIndex load(Path file, String caName) throws IOException {
        Map<BigInteger, Entry> entries = new LinkedHashMap<>();
        for (StateFile.Line line : StateFile.read(file)) {
            String[] f = line.fields();
            if (f.length < 3) {
                throw StateFile.malformed(file, line.number(), "has " + f.length + " fields; expected SERIAL, "
                        + "REVOKED_AT, REASON and SUBJECT separated by tabs");
            }
            BigInteger serial = StateFile.serial(file, line, f[0]);
            Instant at;
            try {
                at = Instant.parse(f[1]);
            } catch (DateTimeParseException e) {
                throw StateFile.malformed(file, line.number(), "'" + f[1] + "' is not an ISO 8601 date");
            }
            RevocationReason reason = RevocationReason.parse(f[2]).orElseThrow(() -> StateFile.malformed(file,
                    line.number(), "'" + f[2] + "' is not an RFC 5280 revocation reason"));
            Entry entry = new Entry(new RevokedCertificate(serial, at, reason), f.length > 3 ? f[3] : "");
            if (entries.putIfAbsent(serial, entry) != null) {
                throw StateFile.malformed(file, line.number(), "lists serial " + f[0] + " a second time");
            }
        }
        return new RevocationIndex(file, caName, entries);
    }

    public Optional<Entry> find(BigInteger serial) {
        return Optional.ofNullable(entries.get(serial));
    }

    public List<RevokedCertificate> revocations() {
        return entries.values().stream().map(Entry::revocation).toList();
    }

    void add(RevokedCertificate revocation, String subject) throws IOException {
        if (entries.containsKey(revocation.serialNumber())) {
            throw new IllegalStateException("serial " + revocation.serialHex() + " is already in " + file);
        }
        entries.put(revocation.serialNumber(), new Entry(revocation, subject));
        save();
    }

    private void save() throws IOException {
        List<String> lines = new ArrayList<>();
        entries.values().forEach(e -> lines.add(e.line()));
        StateFile.write(file, List.of("gmgw revocation index of the " + caName + ": what its CRLs list.",
                "SERIAL (hex) <TAB> REVOKED_AT (UTC) <TAB> REASON (RFC 5280 5.3.1) <TAB> SUBJECT"), lines);
    }
}
