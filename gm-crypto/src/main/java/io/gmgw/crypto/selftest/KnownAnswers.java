package io.gmgw.crypto.selftest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The known-answer vectors of the self-tests: one properties file per algorithm beside this class
 * ({@code /io/gmgw/crypto/selftest/NAME.properties}, shipped in the jar), values in lower-case hex, each file saying
 * where its values come from.
 */
public final class KnownAnswers {
    private final String file;
    private final Properties values;

    private KnownAnswers(String file, Properties values) {
        this.file = file;
        this.values = values;
    }

    public static KnownAnswers load(String name) {
        String file = name + ".properties";
        try (InputStream in = KnownAnswers.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("self-test vectors " + file + " missing from the gm-crypto jar");
            }
            Properties p = new Properties();
            p.load(in);
            return new KnownAnswers(file, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read self-test vectors " + file, e);
        }
    }

    /** Vectors from {@code values} under the name {@code file}: lets tests feed a self-test a wrong answer. */
    static KnownAnswers of(String file, Properties values) {
        Properties copy = new Properties();
        copy.putAll(values);
        return new KnownAnswers(file, copy);
    }

    /** All entries, as read. */
    Properties values() {
        Properties copy = new Properties();
        copy.putAll(values);
        return copy;
    }

    /** The value of {@code key} decoded from hex. */
    public byte[] bytes(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("self-test vector " + key + " missing from " + file);
        }
        return HexFormat.of().parseHex(v.strip());
    }

    /** A failure of the check that uses the vector {@code key}, named as {@link #expect} names it. */
    SelfTestFailure failure(String key, String what) {
        return new SelfTestFailure(file + " " + key + ": " + what);
    }

    /** Fails with both values in hex unless {@code actual} equals the vector {@code key}. */
    public void expect(String key, byte[] actual) throws SelfTestFailure {
        byte[] expected = bytes(key);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new SelfTestFailure(file + " " + key + ": expected " + HexFormat.of().formatHex(expected) + ", got "
                    + HexFormat.of().formatHex(actual));
        }
    }
}
