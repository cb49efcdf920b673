package io.gmgw.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/** Reads test vectors from {@code src/test/resources/vectors/}. */
public final class Vectors {
    private Vectors() {
    }

    /** A properties file of hex values. */
    public static Properties properties(String path) {
        try (InputStream in = open(path)) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no vector " + key);
        }
        return HexFormat.of().parseHex(v.strip());
    }

    /** The non-comment, non-blank lines of a text vector file. */
    public static List<String> lines(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String path) {
        InputStream in = Vectors.class.getResourceAsStream("/vectors/" + path);
        if (in == null) {
            throw new IllegalArgumentException("missing test vector file vectors/" + path);
        }
        return in;
    }
}
