package io.gmgw.crypto.ca;

import io.gmgw.files.DurableFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shared by the CA state files (serial ledger, revocation index, CRL number): UTF-8 text, {@code #} comment lines,
 * tab-separated fields, written with {@link DurableFiles#replace}. A line gmgw cannot read is malformed input, named
 * by file and line.
 */
final class StateFile {
    /** A state file is a few lines per certificate; anything bigger is not one. */
    static final long MAX_SIZE = 64L << 20;

    private StateFile() {
    }

    /** One data line: its number (from 1) and its tab-separated fields. */
    record Line(int number, String[] fields) {
    }

    static List<Line> read(Path file) throws IOException {
        PkiFolder.requireReadable(file, "CA state file");
        if (Files.size(file) > MAX_SIZE) {
            throw malformed(file, 0, "is larger than " + MAX_SIZE + " bytes");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                out.add(new Line(i + 1, line.split("\t", -1)));
            }
        }
        return out;
    }

    static void write(Path file, List<String> header, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        header.forEach(h -> sb.append("# ").append(h).append('\n'));
        lines.forEach(l -> sb.append(l).append('\n'));
        DurableFiles.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    /** A serial number in upper-case hex, as {@code Sm2Certificate.serialHex()} prints it. */
    static String hex(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }

    static BigInteger serial(Path file, Line line, String field) {
        try {
            BigInteger s = new BigInteger(field, 16);
            if (s.signum() <= 0) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw malformed(file, line.number(), "'" + field + "' is not a positive hexadecimal serial number");
        }
    }

    /** A subject for a state file: one field, no control characters (a hostile request must not add lines). */
    static String field(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    static CaException malformed(Path file, int line, String what) {
        return new CaException(CaException.Kind.DAMAGED, file + (line > 0 ? " line " + line : "") + " "
                + what + "; gmgw wrote this file: restore it from a backup, or correct the line by hand");
    }
}
