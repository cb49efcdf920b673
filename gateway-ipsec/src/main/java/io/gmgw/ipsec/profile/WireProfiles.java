package io.gmgw.ipsec.profile;

import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The wire profiles: the built-in ones ({@code io/gmgw/ipsec/profile/*.properties}, listed in {@code profiles.list},
 * each value justified there with ipsec.md's confidence marks) and profile files given by path, so that a value
 * settled against a vendor gateway needs no new build. Parsing is strict: every key of the profile's kind present,
 * no unknown key, every value one of the documented ones.
 */
public final class WireProfiles {
    private static final String BASE = "/io/gmgw/ipsec/profile/";
    static final Set<String> COMMON_KEYS = Set.of("description", "isakmp.version", "quick-mode.hash");
    static final Set<String> GM_KEYS = Set.of("esp.sm4-cbc.transform-id", "esp.sm4-gcm.transform-id",
            "esp.hmac-sm3.icv-bits", "sk.sm2-ciphertext", "sig.sm2-signature", "sig.sm2-signer-id",
            "sig.cert-body-includes-encoding", "sig.signed-values", "xch.body-cipher");

    private final List<WireProfile> profiles;

    private WireProfiles(List<WireProfile> profiles) {
        this.profiles = List.copyOf(profiles);
    }

    /** The built-in profiles, in {@code profiles.list} order. */
    public static WireProfiles builtIn() {
        List<WireProfile> list = new ArrayList<>();
        for (String name : lines(resource("profiles.list"))) {
            list.add(parse(name, read(resource(name + ".properties")), "built-in profile " + name));
        }
        return new WireProfiles(list);
    }

    public List<WireProfile> all() {
        return profiles;
    }

    public Optional<WireProfile> byName(String name) {
        return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** A profile by name; the error lists the known names. */
    public WireProfile require(String name) {
        return byName(name).orElseThrow(() -> new WireProfileException("no IPsec wire profile named '" + name
                + "'; built-in profiles: " + String.join(", ", profiles.stream().map(WireProfile::name).toList())
                + " (or give a profile file, see docs/ipsec.md)"));
    }

    /** A profile file: its name is the file name without {@code .properties}. */
    public static WireProfile load(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".properties") ? fileName.substring(0, fileName.length() - 11) : fileName;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(in);
            return parse(name, p, file.toString());
        } catch (IOException e) {
            throw new WireProfileException("cannot read the IPsec wire profile " + file + ": " + e.getMessage());
        }
    }

    static WireProfile parse(String name, Properties p, String source) {
        int version = parseVersion(value(p, "isakmp.version", source), source);
        boolean gm = version == IsakmpHeader.VERSION_GM;
        Set<String> allowed = new TreeSet<>(COMMON_KEYS);
        if (gm) {
            allowed.addAll(GM_KEYS);
        }
        for (String key : p.stringPropertyNames()) {
            if (!allowed.contains(key)) {
                throw new WireProfileException(source + ": unknown key '" + key + "'" + (GM_KEYS.contains(key)
                        ? " (GM keys belong to a version 0x11 profile)" : "") + "; known keys: " + allowed);
            }
        }
        try {
            return new WireProfile(name, value(p, "description", source), version, gm ? Optional.of(gmNumbers(p,
                    source)) : Optional.empty(), choice(p, "quick-mode.hash", QuickModeHashInput.class, source));
        } catch (WireProfileException e) {
            throw e.getMessage().startsWith(source) ? e : new WireProfileException(source + ": " + e.getMessage());
        }
    }

    private static GmWireNumbers gmNumbers(Properties p, String source) {
        String gcm = value(p, "esp.sm4-gcm.transform-id", source);
        return new GmWireNumbers(
                integer(p, "esp.sm4-cbc.transform-id", source),
                gcm.equals("none") ? OptionalInt.empty() : OptionalInt.of(integer(p, "esp.sm4-gcm.transform-id",
                        source)),
                integer(p, "esp.hmac-sm3.icv-bits", source),
                choice(p, "sk.sm2-ciphertext", Sm2CiphertextFormat.class, source),
                choice(p, "sig.sm2-signature", SignatureEncoding.class, source),
                value(p, "sig.sm2-signer-id", source),
                choice(p, "xch.body-cipher", XchBodyCipher.class, source),
                bool(p, "sig.cert-body-includes-encoding", source),
                choice(p, "sig.signed-values", SignedValues.class, source));
    }

    /** The configuration spelling of an enum constant: lower case, dashes ({@code der-c1c3c2}). */
    public static String spelling(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String value(Properties p, String key, String source) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new WireProfileException(source + ": '" + key + "' is missing");
        }
        return v.strip();
    }

    private static int parseVersion(String v, String source) {
        return switch (v) {
            case "0x11" -> IsakmpHeader.VERSION_GM;
            case "0x10" -> IsakmpHeader.VERSION_RFC2409;
            default -> throw new WireProfileException(source + ": isakmp.version is 0x11 (GM) or 0x10 (RFC 2409), "
                    + "not '" + v + "'");
        };
    }

    private static int integer(Properties p, String key, String source) {
        String v = value(p, key, source);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new WireProfileException(source + ": '" + key + "' is a decimal number, not '" + v + "'");
        }
    }

    private static boolean bool(Properties p, String key, String source) {
        return switch (value(p, key, source)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new WireProfileException(source + ": '" + key + "' is true or false");
        };
    }

    private static <E extends Enum<E>> E choice(Properties p, String key, Class<E> type, String source) {
        String v = value(p, key, source);
        List<String> spellings = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (spelling(e).equals(v)) {
                return e;
            }
            spellings.add(spelling(e));
        }
        throw new WireProfileException(source + ": '" + key + "' is one of " + String.join(", ", spellings)
                + ", not '" + v + "'");
    }

    private static InputStream resource(String name) {
        InputStream in = WireProfiles.class.getResourceAsStream(BASE + name);
        if (in == null) {
            throw new IllegalStateException(name + " missing from the gateway-ipsec jar");
        }
        return in;
    }

    private static List<String> lines(InputStream in) {
        try (in) {
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    out.add(s);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in IPsec wire profiles: " + e.getMessage(), e);
        }
    }

    private static Properties read(InputStream in) {
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read a built-in IPsec wire profile: " + e.getMessage(), e);
        }
    }
}
