package io.gmgw.crypto.random;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the DRBGVS-style vector file under {@code vectors/drbg/}: cases of repeated {@code key = hex} lines. */
final class CavpVectors {
    /** One case; a key that repeats (AdditionalInput, EntropyInputPR) keeps its values in order. */
    record Case(int line, Map<String, List<byte[]>> values) {
        byte[] one(String key) {
            return all(key).getFirst();
        }

        List<byte[]> all(String key) {
            List<byte[]> v = values.get(key);
            if (v == null) {
                throw new IllegalStateException("case at line " + line + " has no " + key);
            }
            return v;
        }

        String mode() {
            return new String(one("MODE"), StandardCharsets.US_ASCII);
        }
    }

    private CavpVectors() {
    }

    static List<Case> load(String resource) {
        try (InputStream in = CavpVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test vectors " + resource);
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n");
            List<Case> cases = new ArrayList<>();
            Map<String, List<byte[]>> current = new LinkedHashMap<>();
            int start = 0;
            for (int i = 0; i <= lines.length; i++) {
                String line = i < lines.length ? lines[i].strip() : "";
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.isEmpty()) {
                    if (!current.isEmpty()) {
                        cases.add(new Case(start, current));
                        current = new LinkedHashMap<>();
                    }
                    continue;
                }
                if (current.isEmpty()) {
                    start = i + 1;
                }
                int eq = line.indexOf('=');
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                byte[] bytes = key.equals("MODE") ? value.getBytes(StandardCharsets.US_ASCII)
                        : HexFormat.of().parseHex(value);
                current.computeIfAbsent(key, k -> new ArrayList<>()).add(bytes);
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
