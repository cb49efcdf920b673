package io.gmgw.pkcs11.profile;

import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The vendor profiles shipped in the jar ({@code io/gmgw/pkcs11/profile/*.properties}, listed in
 * {@code profiles.list} in matching order) and profile files given by path. A module's profile is chosen
 * explicitly by name or file, or by matching its CK_INFO manufacturer and description; when nothing matches,
 * {@code generic-ec} (SM2 keys as CKK_EC, ECDH only) applies.
 */
public final class VendorProfiles {
    public static final String FALLBACK = "generic-ec";
    private static final String BASE = "/io/gmgw/pkcs11/profile/";

    private final List<VendorProfile> profiles;

    private VendorProfiles(List<VendorProfile> profiles) {
        this.profiles = List.copyOf(profiles);
    }

    /** The built-in profiles. */
    public static VendorProfiles builtIn() {
        List<VendorProfile> list = new ArrayList<>();
        try (InputStream in = VendorProfiles.class.getResourceAsStream(BASE + "profiles.list")) {
            if (in == null) {
                throw new IllegalStateException("profiles.list missing from the pkcs11-bridge jar");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream p = VendorProfiles.class.getResourceAsStream(BASE + name + ".properties")) {
                    if (p == null) {
                        throw new IllegalStateException("profile " + name + " listed but missing from the jar");
                    }
                    Properties props = new Properties();
                    props.load(new java.io.InputStreamReader(p, StandardCharsets.UTF_8));
                    list.add(parse(props, "built-in profile " + name));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in PKCS#11 profiles: " + e.getMessage(), e);
        }
        return new VendorProfiles(list);
    }

    public List<VendorProfile> all() {
        return profiles;
    }

    public Optional<VendorProfile> byName(String name) {
        return profiles.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    /** A profile by name; the error lists the known names. */
    public VendorProfile require(String name) {
        return byName(name).orElseThrow(() -> new ProfileException("no PKCS#11 vendor profile named '" + name
                + "'; built-in profiles: " + String.join(", ", profiles.stream().map(VendorProfile::name).toList())
                + " (or give a profile file)"));
    }

    /** The first profile whose pattern matches the module's CK_INFO, else {@value #FALLBACK}. */
    public VendorProfile select(String manufacturer, String description) {
        return profiles.stream().filter(p -> p.matches(manufacturer, description)).findFirst()
                .orElseGet(() -> require(FALLBACK));
    }

    /** A profile from a file (same keys as the built-in ones). */
    public static VendorProfile load(Path file) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new ProfileException("cannot read PKCS#11 profile file " + file + ": " + e.getMessage());
        }
        return parse(props, "profile file " + file);
    }

    static VendorProfile parse(Properties p, String where) {
        String name = p.getProperty("name");
        if (name == null || name.isBlank()) {
            throw new ProfileException(where + " has no 'name'");
        }
        Pattern match = null;
        String m = p.getProperty("match.module");
        if (m != null && !m.isBlank()) {
            try {
                match = Pattern.compile(m.strip());
            } catch (PatternSyntaxException e) {
                throw new ProfileException(where + ": match.module is not a valid regular expression: " + e.getDescription());
            }
        }
        return new VendorProfile(name.strip(), p.getProperty("description", "").strip(), match,
                code(p, "ckk.sm2", where), code(p, "ckk.sm4", where), code(p, "ckm.sm2.keygen", where),
                code(p, "ckm.sm2.sign.e", where), code(p, "ckm.sm2.sign.with-z", where),
                choice(p, "sm2.signing", "host-z", where, VendorProfile.Signing.class),
                choice(p, "sm2.signature.format", "der", where, VendorProfile.SignatureFormat.class),
                code(p, "ckm.sm2.encrypt", where),
                choice(p, "sm2.ciphertext.format", "der-c1c3c2", where, Sm2CiphertextFormat.class),
                code(p, "ckm.sm3", where), code(p, "ckm.sm4.keygen", where), code(p, "ckm.sm4.ecb", where),
                code(p, "ckm.sm4.cbc", where), Boolean.parseBoolean(p.getProperty("ecdh.decrypt", "true").strip()),
                code(p, "ckm.sm2.key-exchange", where));
    }

    private static long code(Properties p, String key, String where) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank() || v.strip().equals("-")) {
            return 0;
        }
        try {
            return Long.decode(v.strip());
        } catch (NumberFormatException e) {
            throw new ProfileException(where + ": " + key + " = '" + v + "' is not a number (write 0x80008001 or -)");
        }
    }

    private static <E extends Enum<E>> E choice(Properties p, String key, String dflt, String where, Class<E> type) {
        String v = p.getProperty(key, dflt).strip().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new ProfileException(where + ": " + key + " = '" + p.getProperty(key) + "' is not one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)
                            .replace('_', '-')).toList());
        }
    }
}
