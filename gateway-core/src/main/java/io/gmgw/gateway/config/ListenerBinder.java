package io.gmgw.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Binds {@code listen}, {@code tlcp} and {@code tls}: the one listener and the two protocols behind it. */
final class ListenerBinder {
    private ListenerBinder() {
    }

    static ListenSettings listen(Section s) {
        List<java.net.InetAddress> addresses = Values.addresses(s, "addresses");
        if (s.emptyList("addresses")) {
            s.error("addresses", "the list is empty; write at least one address, such as [0.0.0.0] for every IPv4 "
                    + "interface");
        }
        int port = s.integer("port", 0, 65535, "0: the system picks a free port, for tests");
        Duration handshake = s.duration("handshake-timeout", Duration.ofSeconds(1), null).orElseThrow();
        s.finish();
        return new ListenSettings(addresses, port, handshake);
    }

    static TlcpSettings tlcp(Section s) {
        boolean enabled = s.bool("enabled");
        s.requireKeys(enabled);
        Optional<KeySetting> sign = key(s, "sign-key", "sign-cert", "sign-key-password", true);
        Optional<KeySetting> enc = key(s, "enc-key", "enc-cert", "enc-key-password", true);
        Optional<Path> chain = Optional.ofNullable(ConfigFiles.path(s, "chain", true));
        List<String> suites = new ArrayList<>();
        for (Section.Item i : s.list("suites")) {
            String suite = tlcpSuite(s, i);
            if (suite == null) {
                continue;
            }
            if (suites.contains(suite)) {
                s.error(i.node(), s.shown("suites") + ": " + suite + " is listed twice; remove one");
                continue;
            }
            suites.add(suite);
        }
        if (s.emptyList("suites")) {
            s.error("suites", "the list is empty; write at least one of " + String.join(", ",
                    GatewaySchema.TLCP_SUITES));
        }
        Section cache = s.section("session-cache");
        int size = cache.integer("size", 0, 1 << 20, "0: no session resumption");
        Duration lifetime = cache.duration("lifetime", Duration.ofSeconds(1), null).orElseThrow();
        cache.finish();
        s.finish();
        return new TlcpSettings(enabled, enabled ? sign : Optional.empty(), enabled ? enc : Optional.empty(), chain,
                suites, size, lifetime);
    }

    static TlsSettings tls(Section s) {
        boolean enabled = s.bool("enabled");
        s.requireKeys(enabled);
        Optional<Path> key = Optional.empty();
        Section.Item keyItem = s.item("key");
        if (keyItem != null) {
            String ref = keyReference(s, "key", keyItem, false);
            key = Optional.ofNullable(ref == null ? null : ref.startsWith("file:") ? Path.of(URI.create(ref))
                    : Path.of(ref));
        }
        Optional<String> password = Optional.ofNullable(secret(s, "key-password"));
        Optional<Path> chain = Optional.ofNullable(ConfigFiles.path(s, "cert", true));
        List<String> protocols = new ArrayList<>();
        for (Section.Item i : s.list("protocols")) {
            String t = i.text().strip();
            if (t.matches("(?i)(TLSv?1(\\.[01])?|SSLv?[23])")) {
                s.error(i.node(), s.shown("protocols") + ": " + t + " is obsolete (RFC 8996) and not offered; write "
                        + "TLSv1.3 or TLSv1.2");
                continue;
            }
            String p = Values.choice(s, "protocols", i, GatewaySchema.TLS_PROTOCOLS, "a TLS version");
            if (p != null && !protocols.contains(p)) {
                protocols.add(p);
            }
        }
        if (s.emptyList("protocols")) {
            s.error("protocols", "the list is empty; write TLSv1.3, TLSv1.2 or both");
        }
        List<String> known = new ArrayList<>(GatewaySchema.TLS13_SUITES);
        known.addAll(GatewaySchema.TLS12_SUITES);
        List<String> suites = new ArrayList<>();
        for (Section.Item i : s.list("suites")) {
            String t = i.text().strip().toUpperCase(Locale.ROOT);
            if (t.startsWith("TLS_") && (t.contains("_CBC_") || t.startsWith("TLS_RSA_") || t.contains("_SHA1")
                    || t.endsWith("_SHA"))) {
                s.error(i.node(), s.shown("suites") + ": " + t + " is not offered (only AEAD suites with ECDHE "
                        + "key exchange); write one of " + String.join(", ", known));
                continue;
            }
            String suite = Values.choice(s, "suites", i, known, "a TLS suite gmgw offers");
            if (suite != null && !suites.contains(suite)) {
                suites.add(suite);
            }
        }
        if (s.emptyList("suites")) {
            s.error("suites", "the list is empty; write at least one of " + String.join(", ", known));
        }
        for (String p : protocols) {
            List<String> forIt = p.equals("TLSv1.3") ? GatewaySchema.TLS13_SUITES : GatewaySchema.TLS12_SUITES;
            if (!suites.isEmpty() && suites.stream().noneMatch(forIt::contains)) {
                s.error("suites", "no suite for " + p + " is listed; add one of " + String.join(", ", forIt)
                        + ", or remove " + p + " from tls.protocols");
            }
        }
        if (enabled && chain.isPresent() && protocols.contains("TLSv1.2") && !suites.isEmpty()) {
            TlsCertificateKey.of(chain.get()).ifPresent(type -> {
                // TLS 1.2 suites name the key type of the server's certificate (RFC 5289): the others never apply
                String kx = "_ECDHE_" + type.name() + "_";
                List<String> fit = GatewaySchema.TLS12_SUITES.stream().filter(n -> n.contains(kx)).toList();
                List<String> listed12 = suites.stream().filter(GatewaySchema.TLS12_SUITES::contains).toList();
                if (!listed12.isEmpty() && listed12.stream().noneMatch(fit::contains)) {
                    s.error("suites", "no listed TLSv1.2 suite fits the " + type + " key of " + s.shown("cert")
                            + "; add one of " + String.join(", ", fit) + ", or remove TLSv1.2 from tls.protocols");
                }
            });
        }
        s.finish();
        return new TlsSettings(enabled, enabled ? key : Optional.empty(), password, enabled ? chain
                : Optional.empty(), protocols, suites);
    }

    /** A key with its certificate and password keys; present when the key is given. */
    private static Optional<KeySetting> key(Section s, String keyKey, String certKey, String passwordKey,
            boolean tokensAllowed) {
        Section.Item item = s.item(keyKey);
        Path cert = ConfigFiles.path(s, certKey, true);
        String password = secret(s, passwordKey);
        if (item == null) {
            if (cert != null) {
                s.error(certKey, "a certificate without its key; add " + keyKey + ": PATH-OR-URI");
            }
            return Optional.empty();
        }
        String ref = keyReference(s, keyKey, item, tokensAllowed);
        if (ref == null) {
            return Optional.empty();
        }
        // FILE:LINE:COL: tlcp.sign-key, for the messages of the key opened later
        String where = s.problems().file() + ":" + item.node().getStartMark().map(m -> (m.getLine() + 1) + ":"
                + (m.getColumn() + 1)).orElse("1:1") + ": " + s.shown(keyKey);
        return Optional.of(new KeySetting(where, s.shown(keyKey), s.shown(certKey) + ": FILE", ref,
                Optional.ofNullable(cert), Optional.ofNullable(password)));
    }

    /**
     * A key reference: a path (made absolute, and the file must exist), a {@code file:} URI (absolute, the file must
     * exist) or, where tokens are allowed, a {@code pkcs11:} URI (RFC 7512; the token is not opened here).
     */
    static String keyReference(Section s, String key, Section.Item item, boolean tokensAllowed) {
        String t = item.text().strip();
        if (t.matches("(?i)^[a-z][a-z0-9+.-]+:.*")) {
            String scheme = t.substring(0, t.indexOf(':')).toLowerCase(Locale.ROOT);
            if (scheme.equals("pkcs11")) {
                if (!tokensAllowed) {
                    s.error(item.node(), s.shown(key) + ": a TLS key cannot be in a token yet (the key-provider SPI "
                            + "serves SM2 keys); write the path of a PEM key file (ECDSA or RSA)");
                    return null;
                }
                if (!t.contains("object=") && !t.contains("id=")) {
                    s.error(item.node(), s.shown(key) + ": '" + t + "' names no key; write pkcs11:token=LABEL;"
                            + "object=KEY-LABEL (RFC 7512)");
                    return null;
                }
                return t;
            }
            if (!scheme.equals("file")) {
                s.error(item.node(), s.shown(key) + ": '" + scheme + ":' keys are not known; write a path, a "
                        + "file:///absolute/path URI" + (tokensAllowed ? " or a pkcs11: URI" : ""));
                return null;
            }
            Path p;
            try {
                p = Path.of(new URI(t));
            } catch (URISyntaxException | IllegalArgumentException e) {
                s.error(item.node(), s.shown(key) + ": '" + t + "' is not a usable file URI; write "
                        + "file:///absolute/path or just the path");
                return null;
            }
            if (!Files.isRegularFile(p)) {
                s.error(item.node(), s.shown(key) + ": no such key file " + p + "; write the path of an existing file");
                return null;
            }
            return t;
        }
        Path p = ConfigFiles.resolve(s, key, item, true);
        return p == null ? null : p.toString();
    }

    /**
     * A secret source ({@code file:PATH}, {@code env:NAME}, {@code systemd-credential:NAME}, {@code prompt}); a file
     * is made absolute from the configuration's folder and must exist. Null when unset.
     */
    static String secret(Section s, String key) {
        Section.Item item = s.item(key);
        if (item == null) {
            return null;
        }
        String t = item.text().strip();
        if (t.equals("prompt") || t.matches("env:[A-Za-z_][A-Za-z0-9_]*")
                || t.matches("systemd-credential:[^/]+")) {
            return t;
        }
        String file = t.startsWith("file:") ? t.substring(5) : t.startsWith("/") ? t : null;
        if (file == null || file.isEmpty()) {
            s.error(item.node(), s.shown(key) + ": '" + t + "' is not a secret source; write file:PATH (mode 0600), "
                    + "env:NAME, systemd-credential:NAME or prompt");
            return null;
        }
        if (file.startsWith("//")) {
            file = file.substring(2);
        }
        Path p = ConfigFiles.resolve(s, key, new Section.Item(file, item.node()), true);
        return p == null ? null : "file:" + p;
    }

    /** A TLCP suite by GM/T 0024 name (also the 2014 short form and a TLCP_ prefix) or ID, as its name. */
    private static String tlcpSuite(Section s, Section.Item item) {
        String t = item.text().strip().toUpperCase(Locale.ROOT);
        if (t.startsWith("TLCP_")) {
            t = t.substring(5);
        }
        String hex = t.startsWith("0X") ? t.substring(2) : t;
        int byId = GatewaySchema.TLCP_SUITE_IDS.indexOf(hex);
        if (byId >= 0) {
            return GatewaySchema.TLCP_SUITES.get(byId);
        }
        for (String name : GatewaySchema.TLCP_SUITES) {
            if (name.equals(t) || name.replace("_CBC", "").equals(t)) {
                return name;
            }
        }
        return Values.choice(s, "suites", item, GatewaySchema.TLCP_SUITES, "a TLCP suite (GM/T 0024 names or the "
                + "IDs E013, E053, E011, E051)");
    }
}
