package io.gmgw.crypto.ca;

import io.gmgw.crypto.pki.SerialNumberLedger;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * A CA's serial ledger, {@code serials.txt}: every serial number the CA has used, so that none is used twice (RFC
 * 5280 §4.1.2.2), even across processes and with a deterministic random generator. A serial is written when it is
 * claimed, before the certificate is signed; once the certificate exists its expiry and subject are added to the
 * line. A line with a serial alone was claimed by a run that did not finish: the number stays used.
 *
 * <p>Line format: {@code SERIAL<TAB>NOT_AFTER<TAB>SUBJECT}, the serial in upper-case hex, the date in ISO 8601 UTC.
 * Only used under the folder's lock ({@link PkiFolder#lock}).
 */
public final class SerialLedgerFile implements SerialNumberLedger {
    /** One used serial; {@code notAfter} and {@code subject} are null until the certificate was written. */
    public record Entry(BigInteger serial, Instant notAfter, String subject) {
        String line() {
            return StateFile.hex(serial) + (notAfter == null ? "" : "\t" + notAfter + "\t" + StateFile.field(subject));
        }
    }

    private final Path file;
    private final String caName;
    private final Map<BigInteger, Entry> entries;

    private SerialLedgerFile(Path file, String caName, Map<BigInteger, Entry> entries) {
        this.file = file;
        this.caName = caName;
        this.entries = entries;
    }

    /** A new, empty ledger (written at once). */
    static SerialLedgerFile create(Path file, String caName) throws IOException {
        SerialLedgerFile ledger = new SerialLedgerFile(file, caName, new LinkedHashMap<>());
        ledger.save();
        return ledger;
    }

    public static SerialLedgerFile load(Path file, String caName) throws IOException {
        Map<BigInteger, Entry> entries = new LinkedHashMap<>();
        for (StateFile.Line line : StateFile.read(file)) {
            String[] f = line.fields();
            BigInteger serial = StateFile.serial(file, line, f[0]);
            Instant notAfter = null;
            String subject = null;
            if (f.length >= 3) {
                try {
                    notAfter = Instant.parse(f[1]);
                } catch (DateTimeParseException e) {
                    throw StateFile.malformed(file, line.number(), "'" + f[1] + "' is not an ISO 8601 date");
                }
                subject = f[2];
            } else if (f.length != 1) {
                throw StateFile.malformed(file, line.number(), "has " + f.length + " fields; expected SERIAL, or "
                        + "SERIAL, NOT_AFTER and SUBJECT separated by tabs");
            }
            if (entries.putIfAbsent(serial, new Entry(serial, notAfter, subject)) != null) {
                throw StateFile.malformed(file, line.number(), "lists serial " + f[0] + " a second time");
            }
        }
        return new SerialLedgerFile(file, caName, entries);
    }

    @Override
    public synchronized boolean claim(BigInteger serial) {
        if (entries.containsKey(serial)) {
            return false;
        }
        entries.put(serial, new Entry(serial, null, null));
        try {
            save();
        } catch (IOException e) {
            entries.remove(serial);
            throw new UncheckedIOException("cannot record serial " + StateFile.hex(serial) + " in " + file, e);
        }
        return true;
    }

    /** Adds the expiry and subject of an issued certificate to its serial's line. */
    synchronized void record(Sm2Certificate certificate) throws IOException {
        entries.put(certificate.serialNumber(), new Entry(certificate.serialNumber(), certificate.notAfter(),
                certificate.subject().toString()));
        save();
    }

    public synchronized Optional<Entry> find(BigInteger serial) {
        return Optional.ofNullable(entries.get(serial));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    Path file() {
        return file;
    }

    private void save() throws IOException {
        List<String> lines = new ArrayList<>();
        entries.values().forEach(e -> lines.add(e.line()));
        StateFile.write(file, List.of("gmgw serial ledger of the " + caName + ": every serial number it has used.",
                "SERIAL (hex) <TAB> NOT_AFTER (UTC) <TAB> SUBJECT; a serial alone was claimed but never issued."),
                lines);
    }
}
