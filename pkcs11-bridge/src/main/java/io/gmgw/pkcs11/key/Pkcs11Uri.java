package io.gmgw.pkcs11.key;

import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.pkcs11.token.TokenSelector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 7512 {@code pkcs11:} URI naming a key: path attributes (token, serial, manufacturer, model, slot-id,
 * object, id, type) separated by ';', query attributes (module-path, module-name, pin-source, pin-value, and gmgw's
 * x-profile, x-sessions) after '?' separated by '&'. Values are percent-encoded (RFC 7512 §2.3).
 */
public record Pkcs11Uri(Map<String, String> path, Map<String, String> query, byte[] id) {
    private static final Set<String> PATH = Set.of("token", "manufacturer", "serial", "model", "library-manufacturer",
            "library-description", "library-version", "object", "type", "id", "slot-id", "slot-description",
            "slot-manufacturer");
    private static final Set<String> QUERY = Set.of("pin-source", "pin-value", "module-name", "module-path");
    /** Where Debian's p11-kit looks for modules named by module-name. */
    static final Path MODULE_DIR = Path.of("/usr/lib/x86_64-linux-gnu/pkcs11");

    public Pkcs11Uri {
        path = Map.copyOf(path);
        query = Map.copyOf(query);
        id = id == null ? null : id.clone();
    }

    @Override
    public byte[] id() {
        return id == null ? null : id.clone();
    }

    public static Pkcs11Uri parse(String uri) {
        if (!uri.regionMatches(true, 0, "pkcs11:", 0, 7)) {
            throw malformed(uri, "it does not start with pkcs11:");
        }
        String rest = uri.substring(7);
        int q = rest.indexOf('?');
        String pathPart = q < 0 ? rest : rest.substring(0, q);
        String queryPart = q < 0 ? "" : rest.substring(q + 1);
        Map<String, String> path = new HashMap<>();
        byte[] id = null;
        for (String attr : pathPart.split(";")) {
            if (attr.isEmpty()) {
                continue;
            }
            int eq = attr.indexOf('=');
            if (eq <= 0) {
                throw malformed(uri, "path attribute '" + attr + "' has no name=value");
            }
            String name = attr.substring(0, eq).toLowerCase(Locale.ROOT);
            if (!PATH.contains(name) && !name.startsWith("x-")) {
                throw malformed(uri, "unknown path attribute '" + name + "'");
            }
            if (path.containsKey(name)) {
                throw malformed(uri, "attribute '" + name + "' appears twice");
            }
            byte[] raw = decode(attr.substring(eq + 1), uri);
            if (name.equals("id")) {
                id = raw;
            }
            path.put(name, new String(raw, StandardCharsets.UTF_8));
        }
        Map<String, String> query = new HashMap<>();
        for (String attr : queryPart.split("&")) {
            if (attr.isEmpty()) {
                continue;
            }
            int eq = attr.indexOf('=');
            if (eq <= 0) {
                throw malformed(uri, "query attribute '" + attr + "' has no name=value");
            }
            String name = attr.substring(0, eq).toLowerCase(Locale.ROOT);
            if (!QUERY.contains(name) && !name.startsWith("x-")) {
                throw malformed(uri, "unknown query attribute '" + name + "'");
            }
            query.put(name, new String(decode(attr.substring(eq + 1), uri), StandardCharsets.UTF_8));
        }
        String type = path.get("type");
        if (type != null && !Set.of("private", "public", "cert", "secret-key", "data").contains(type)) {
            throw malformed(uri, "type=" + type + " is not one of private, public, cert, secret-key, data");
        }
        return new Pkcs11Uri(path, query, id);
    }

    private static KeyLoadException malformed(String uri, String why) {
        return new KeyLoadException(KeyLoadException.Reason.MALFORMED, "malformed pkcs11: URI "
                + KeyProviders.redact(uri) + ": " + why + " (RFC 7512, e.g. pkcs11:token=gw;object=sign?module-path="
                + "/usr/lib/x86_64-linux-gnu/pkcs11/vendor.so&pin-source=file:/etc/gmgw/token.pin)");
    }

    private static byte[] decode(String v, String uri) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%') {
                if (i + 2 >= v.length()) {
                    throw malformed(uri, "truncated percent-encoding");
                }
                int hi = Character.digit(v.charAt(i + 1), 16);
                int lo = Character.digit(v.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw malformed(uri, "bad percent-encoding '%" + v.charAt(i + 1) + v.charAt(i + 2) + "'");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    /** The token attributes as a selector. */
    public TokenSelector selector() {
        Long slot = null;
        if (path.containsKey("slot-id")) {
            try {
                slot = Long.parseLong(path.get("slot-id"));
            } catch (NumberFormatException e) {
                throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, "slot-id=" + path.get("slot-id")
                        + " is not a number");
            }
        }
        return new TokenSelector(path.get("token"), path.get("serial"), path.get("manufacturer"), path.get("model"),
                slot);
    }

    public String object() {
        return path.get("object");
    }

    public String type() {
        return path.getOrDefault("type", "private");
    }

    /**
     * The module file: module-path, else module-name in Debian's PKCS#11 directory, else the system property
     * {@code gmgw.pkcs11.module} or the environment variable {@code GMGW_PKCS11_MODULE}.
     */
    public Path modulePath() {
        String p = query.get("module-path");
        if (p != null) {
            return Path.of(p);
        }
        String name = query.get("module-name");
        if (name != null) {
            if (name.contains("/")) {
                throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, "module-name=" + name
                        + " must be a bare name; use module-path for a path");
            }
            Path candidate = MODULE_DIR.resolve(name.endsWith(".so") ? name : name + ".so");
            if (Files.exists(candidate)) {
                return candidate;
            }
            throw new KeyLoadException(KeyLoadException.Reason.NOT_FOUND, "module-name=" + name + ": no " + candidate
                    + "; give module-path=/path/to/module.so");
        }
        String configured = System.getProperty("gmgw.pkcs11.module", System.getenv("GMGW_PKCS11_MODULE"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, "the pkcs11: URI names no module: add "
                + "module-path=/path/to/module.so (or set GMGW_PKCS11_MODULE)");
    }

    @Override
    public String toString() {
        return "Pkcs11Uri" + path.keySet() + "?" + query.keySet();
    }
}
