package io.gmgw.gateway.otp.enrol;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.IdLayout;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpFactor;
import io.gmgw.crypto.otp.OtpFactors;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.crypto.sm4.Sm4;
import io.gmgw.crypto.sm4.Sm4Cbc;
import io.gmgw.crypto.sm4.Sm4Gcm;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a vendor seed file in gmgw's documented format (docs/otp.md, "Seed files"): a header line
 * {@code gmgw-otp-seeds 1}, then one token per line,
 * {@code SERIAL ALGORITHM FACTORS DIGITS INTERVAL COUNTER SEED [epoch=N] [layout=L]}, the seed encrypted under an SM4
 * transport key ({@code sm4-gcm:HEX}, nonce ‖ ciphertext ‖ tag, bound to the serial; or {@code sm4-cbc:HEX}, IV ‖
 * PKCS#7-padded ciphertext, for vendor tools that only have CBC). Every line is checked and every problem reported
 * with its line; either every record is good or none is returned.
 */
public final class SeedFile {
    public static final String HEADER = "gmgw-otp-seeds 1";
    /** A bound on the file, far above any shipment: a seed line is under 300 bytes. */
    public static final int MAX_BYTES = 16 << 20;
    public static final int MAX_RECORDS = 100_000;
    /** The problems reported before the reader stops listing them (the count is still given). */
    static final int MAX_PROBLEMS = 50;
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    private static final String COLUMNS = "SERIAL ALGORITHM FACTORS DIGITS INTERVAL COUNTER SEED [epoch=N] [layout=L]";

    private final CryptoModule module;

    public SeedFile(CryptoModule module) {
        this.module = module;
    }

    /** The additional data an {@code sm4-gcm:} seed is bound to. */
    public static byte[] context(String serial) {
        return (HEADER + " " + serial).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Every token of {@code content}, seeds decrypted under {@code transportKey} (16 bytes; not kept).
     *
     * @param name the file, for messages
     * @throws SeedFileException with every problem found; then no seed is returned (any decrypted is wiped)
     */
    public List<ImportedSeed> read(String name, byte[] content, byte[] transportKey) {
        List<SeedFileException.Problem> problems = new ArrayList<>();
        List<ImportedSeed> seeds = new ArrayList<>();
        boolean badSeed = false;
        try {
            if (content.length > MAX_BYTES) {
                throw new SeedFileException(name, List.of(new SeedFileException.Problem(0, "the file has "
                        + content.length + " bytes, more than " + MAX_BYTES, "split it into several files")), false);
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(content)).toString();
            } catch (CharacterCodingException e) {
                throw new SeedFileException(name, List.of(new SeedFileException.Problem(0, "the file is not text "
                        + "(UTF-8)", "is it the vendor's seed file, converted to " + HEADER + "? (docs/otp.md)")),
                        false);
            }
            String[] lines = text.split("\r?\n", -1);
            boolean header = false;
            Map<String, Integer> serials = new HashMap<>();
            for (int i = 0; i < lines.length; i++) {
                int line = i + 1;
                String l = lines[i].strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (!header) {
                    if (!l.equals(HEADER)) {
                        problems.add(new SeedFileException.Problem(line, "the first line is not '" + HEADER + "'",
                                "convert the vendor's file to gmgw's seed-file format (docs/otp.md, Seed files)"));
                        break;
                    }
                    header = true;
                    continue;
                }
                if (seeds.size() + problems.size() >= MAX_RECORDS) {
                    problems.add(new SeedFileException.Problem(line, "more than " + MAX_RECORDS + " tokens",
                            "split the file"));
                    break;
                }
                try {
                    ImportedSeed s = record(line, l, transportKey);
                    Integer first = serials.putIfAbsent(s.serial(), line);
                    if (first != null) {
                        s.close();
                        problems.add(new SeedFileException.Problem(line, "serial " + s.serial()
                                + " appears again (first on line " + first + ")", "keep one record per token"));
                    } else {
                        seeds.add(s);
                    }
                } catch (BadSeed e) {
                    badSeed = true;
                    problems.add(e.problem);
                } catch (BadRecord e) {
                    problems.add(e.problem);
                }
            }
            if (!header && problems.isEmpty()) {
                problems.add(new SeedFileException.Problem(0, "the file has no '" + HEADER + "' line and no tokens",
                        "is it the right file?"));
            }
            if (header && seeds.isEmpty() && problems.isEmpty()) {
                problems.add(new SeedFileException.Problem(0, "the file holds no tokens", "is it the right file?"));
            }
            if (!problems.isEmpty()) {
                List<SeedFileException.Problem> shown = new ArrayList<>(problems.subList(0,
                        Math.min(MAX_PROBLEMS, problems.size())));
                if (problems.size() > MAX_PROBLEMS) {
                    shown.add(new SeedFileException.Problem(0, (problems.size() - MAX_PROBLEMS) + " more problems",
                            null));
                }
                throw new SeedFileException(name, shown, badSeed && problems.stream().allMatch(p -> p.what()
                        .startsWith("the seed does not decrypt")));
            }
            return List.copyOf(seeds);
        } catch (RuntimeException e) {
            seeds.forEach(ImportedSeed::close);
            throw e;
        }
    }

    /** A record that cannot be read. */
    private static class BadRecord extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SeedFileException.Problem problem;

        BadRecord(int line, String what, String todo) {
            super(what, null, false, false);
            this.problem = new SeedFileException.Problem(line, what, todo);
        }
    }

    /** A well-formed record whose seed does not decrypt. */
    private static final class BadSeed extends BadRecord {
        private static final long serialVersionUID = 1L;

        BadSeed(int line, String what, String todo) {
            super(line, what, todo);
        }
    }

    private ImportedSeed record(int line, String l, byte[] transportKey) throws BadRecord {
        String[] f = l.split("\\s+");
        if (f.length < 7 || f.length > 9) {
            throw new BadRecord(line, "expected 7 fields (" + COLUMNS + "), found " + f.length,
                    "separate the fields with spaces; '-' for an unused interval");
        }
        String serial = f[0];
        if (!SERIAL.matcher(serial).matches()) {
            throw new BadRecord(line, "serial '" + clip(serial) + "' is not 1 to 64 letters, digits, '.', '-', '_'",
                    "use the serial printed on the token");
        }
        OtpAlgorithm algorithm;
        try {
            algorithm = OtpAlgorithm.of(f[1]);
        } catch (IllegalArgumentException e) {
            throw new BadRecord(line, "algorithm '" + clip(f[1]) + "' of " + serial + " is not sm3 or sm4",
                    "take it from the token's data sheet");
        }
        Set<OtpFactor> factors = EnumSet.noneOf(OtpFactor.class);
        for (String name : f[2].split("\\+")) {
            OtpFactor factor = switch (name.toLowerCase(Locale.ROOT)) {
                case "time" -> OtpFactor.TIME;
                case "event" -> OtpFactor.EVENT;
                case "challenge" -> OtpFactor.CHALLENGE;
                default -> throw new BadRecord(line, "factor '" + clip(name) + "' of " + serial
                        + " is not time, event or challenge", "join factors with '+', e.g. time+event");
            };
            if (!factors.add(factor)) {
                throw new BadRecord(line, "factor " + name + " of " + serial + " is named twice", null);
            }
        }
        int digits = number(line, f[3], "digits", serial, OtpProfile.MIN_DIGITS, OtpProfile.MAX_DIGITS);
        int interval;
        if (factors.contains(OtpFactor.TIME)) {
            interval = number(line, f[4], "interval", serial, 1, OtpProfile.MAX_INTERVAL_SECONDS);
        } else if (f[4].equals("-")) {
            interval = OtpProfile.DEFAULT_INTERVAL_SECONDS;
        } else {
            throw new BadRecord(line, "token " + serial + " has no time factor but an interval '" + clip(f[4]) + "'",
                    "write '-' for the interval, or add time to its factors");
        }
        long counter = longNumber(line, f[5], "counter", serial, 0, OtpFactors.MAX_COUNTER);
        if (counter != 0 && !factors.contains(OtpFactor.EVENT)) {
            throw new BadRecord(line, "token " + serial + " has no event factor but counter " + counter,
                    "write 0 for the counter, or add event to its factors");
        }
        long epoch = 0;
        IdLayout layout = IdLayout.OMIT_ABSENT;
        for (int i = 7; i < f.length; i++) {
            if (f[i].startsWith("epoch=")) {
                epoch = longNumber(line, f[i].substring(6), "epoch", serial, 0, 1L << 40);
            } else if (f[i].startsWith("layout=")) {
                try {
                    layout = IdLayout.of(f[i].substring(7));
                } catch (IllegalArgumentException e) {
                    throw new BadRecord(line, "layout '" + clip(f[i].substring(7)) + "' of " + serial
                            + " is unknown", "use omit-absent or time-and-event-always");
                }
            } else {
                throw new BadRecord(line, "unknown field '" + clip(f[i]) + "' after the seed of " + serial,
                        "only epoch=N and layout=L may follow the seed");
            }
        }
        OtpProfile profile = new OtpProfile(algorithm, factors, digits, interval, epoch, layout);
        return new ImportedSeed(line, serial, profile, counter, seed(line, f[6], serial, transportKey));
    }

    private byte[] seed(int line, String field, String serial, byte[] transportKey) throws BadRecord {
        int colon = field.indexOf(':');
        String mode = colon < 0 ? "" : field.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!mode.equals("sm4-gcm") && !mode.equals("sm4-cbc")) {
            throw new BadRecord(line, "the seed of " + serial + " does not start with sm4-gcm: or sm4-cbc:",
                    "seeds are encrypted under the transport key (docs/otp.md); never import clear seeds");
        }
        byte[] data;
        try {
            data = HexFormat.of().parseHex(field.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new BadRecord(line, "the seed of " + serial + " is not hex", "copy the field again from the vendor's"
                    + " file");
        }
        boolean gcm = mode.equals("sm4-gcm");
        int overhead = gcm ? Sm4Gcm.NONCE_LENGTH + Sm4Gcm.TAG_LENGTH : Sm4.BLOCK_LENGTH;
        int max = DynamicPasswords.MAX_SEED_LENGTH + (gcm ? 0 : Sm4.BLOCK_LENGTH);
        int body = data.length - overhead;
        if (body < DynamicPasswords.MIN_SEED_LENGTH || body > max || (!gcm && body % Sm4.BLOCK_LENGTH != 0)) {
            throw new BadRecord(line, "the encrypted seed of " + serial + " has " + data.length + " bytes, not a "
                    + DynamicPasswords.MIN_SEED_LENGTH + "- to " + DynamicPasswords.MAX_SEED_LENGTH + "-byte seed in "
                    + mode, "check the field was not cut");
        }
        byte[] out = new byte[body];
        try {
            int n;
            if (gcm) {
                Sm4Gcm c = module.sm4().gcm(transportKey);
                try {
                    byte[] aad = context(serial);
                    n = c.open(data, 0, Sm4Gcm.NONCE_LENGTH, aad, 0, aad.length, data, Sm4Gcm.NONCE_LENGTH,
                            data.length - Sm4Gcm.NONCE_LENGTH, out, 0);
                } finally {
                    c.destroy();
                }
            } else {
                Sm4Cbc c = module.sm4().cbcDecryptor(transportKey);
                try {
                    n = c.decryptPkcs7(data, 0, data, Sm4.BLOCK_LENGTH, body, out, 0);
                } finally {
                    c.destroy();
                }
            }
            if (n < DynamicPasswords.MIN_SEED_LENGTH || n > DynamicPasswords.MAX_SEED_LENGTH) {
                Arrays.fill(out, (byte) 0);
                throw new BadSeed(line, "the seed does not decrypt to 16 to 64 bytes for " + serial + " (got " + n
                        + ")", "check the transport key, or ask the vendor for the file again");
            }
            byte[] seed = Arrays.copyOf(out, n);
            Arrays.fill(out, (byte) 0);
            return seed;
        } catch (BadCiphertextException e) {
            Arrays.fill(out, (byte) 0);
            throw new BadSeed(line, "the seed does not decrypt under the transport key for " + serial,
                    "check that the transport key belongs to this file, or ask the vendor for the file again");
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private static int number(int line, String v, String what, String serial, int min, int max) throws BadRecord {
        return (int) longNumber(line, v, what, serial, min, max);
    }

    private static long longNumber(int line, String v, String what, String serial, long min, long max)
            throws BadRecord {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRecord(line, what + " '" + clip(v) + "' of " + serial + " is not a number from " + min + " to "
                + max, "take it from the token's data sheet");
    }

    private static String clip(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
