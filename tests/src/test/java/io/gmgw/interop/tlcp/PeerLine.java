package io.gmgw.interop.tlcp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * One machine-readable line of a peer program: a kind ({@code READY}, {@code CONN}, {@code RESULT}, {@code STATS},
 * {@code BYE}, {@code ERROR}, ...) and tab-separated {@code key=value} fields, as the programs under
 * {@code tests/src/peers} print them. Values never hold tabs or line breaks.
 */
public record PeerLine(String kind, Map<String, String> fields, String raw) {
    public PeerLine {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Parses a line; a line without a tab is a kind with no fields (or text that is not a peer line at all). */
    public static PeerLine parse(String line) {
        String[] parts = line.split("\t");
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return new PeerLine(parts[0], fields, line);
    }

    public boolean is(String k) {
        return kind.equals(k);
    }

    /** The field's value; a missing field is an error that names the line. */
    public String get(String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new NoSuchElementException("no field '" + key + "' in peer line: " + raw);
        }
        return v;
    }

    public String getOrDefault(String key, String fallback) {
        return fields.getOrDefault(key, fallback);
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(fields.get(key));
    }

    public int integer(String key) {
        return Integer.parseInt(get(key));
    }

    public long number(String key) {
        return Long.parseLong(get(key));
    }

    @Override
    public String toString() {
        return raw;
    }
}
