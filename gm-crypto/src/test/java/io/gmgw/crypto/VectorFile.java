package io.gmgw.crypto;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the record-style known-answer files under {@code src/test/resources/vectors/}: records separated by blank lines, one
 * {@code field = value} per line, {@code #} comments, each record starting with its {@code name}. Values are hex
 * unless a test reads them as text.
 */
public final class VectorFile {
    private VectorFile() {
    }

    /** One record; a missing field is an error that names the file and the record. */
    public record Vector(String file, Map<String, String> fields) {
        public String name() {
            return text("name");
        }

        public boolean has(String field) {
            return fields.containsKey(field);
        }

        public String text(String field) {
            String v = fields.get(field);
            if (v == null) {
                throw new IllegalStateException(file + ": record " + fields.get("name") + " has no field " + field);
            }
            return v;
        }

        public byte[] bytes(String field) {
            return HexFormat.of().parseHex(text(field));
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** The records of {@code vectors/PATH} (for example {@code sm4/rfc8998-gcm.txt}), in file order. */
    public static List<Vector> load(String path) {
        List<Vector> records = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : Vectors.text(path).split("\\R", -1)) {
            lineNumber++;
            String s = line.strip();
            if (s.startsWith("#")) {
                continue;
            }
            if (s.isEmpty()) {
                flush(path, fields, records);
                fields = new LinkedHashMap<>();
                continue;
            }
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException(path + ":" + lineNumber + ": expected 'field = value'");
            }
            String field = s.substring(0, eq).strip();
            if (fields.isEmpty() && !field.equals("name")) {
                throw new IllegalStateException(path + ":" + lineNumber + ": a record starts with its name");
            }
            if (fields.put(field, s.substring(eq + 1).strip()) != null) {
                throw new IllegalStateException(path + ":" + lineNumber + ": field " + field + " given twice");
            }
        }
        flush(path, fields, records);
        if (records.isEmpty()) {
            throw new IllegalStateException(path + " holds no records");
        }
        return List.copyOf(records);
    }

    private static void flush(String path, Map<String, String> fields, List<Vector> records) {
        if (!fields.isEmpty()) {
            records.add(new Vector(path, Map.copyOf(fields)));
        }
    }
}
