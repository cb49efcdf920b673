package io.gmgw.gateway.config;

import static io.gmgw.gateway.config.ConfigKey.REQUIRED;
import static io.gmgw.gateway.config.ConfigKey.UNSET;

import io.gmgw.gateway.control.ControlSocketPaths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key of {@code conf/gateway.yaml}, in the order docs/gateway.md lists them (a test keeps the two equal), with
 * its type and default. The binders may read only keys listed here, and a key in the file that is not listed here is
 * an error ("unknown key", with the nearest listed one as a suggestion). Defaults follow ocserv 1.1.6's
 * {@code sample.config} where it has one (docs/gateway.md says which).
 */
public final class GatewaySchema {
    /** gmgw's TLCP suites by GM/T 0024 name, in the default preference order (E053, E013, E051, E011). */
    public static final List<String> TLCP_SUITES = List.of("ECC_SM4_GCM_SM3", "ECC_SM4_CBC_SM3", "ECDHE_SM4_GCM_SM3",
            "ECDHE_SM4_CBC_SM3");
    /** Their IDs, as the same order ({@code tlcp.suites} accepts either form). */
    static final List<String> TLCP_SUITE_IDS = List.of("E053", "E013", "E051", "E011");

    /**
     * The TLS suites the gateway offers: TLS 1.3's and TLS 1.2's ECDHE with AEAD ciphers only (no CBC, no static RSA
     * key exchange), as IANA names them.
     */
    public static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");
    public static final List<String> TLS12_SUITES = List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    public static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

    static {
        key("listen", ValueType.SECTION, UNSET);
        key("listen.addresses", ValueType.ADDRESSES, "[0.0.0.0]");
        key("listen.port", ValueType.INTEGER, "443");
        key("listen.handshake-timeout", ValueType.DURATION, "30s");

        key("tlcp", ValueType.SECTION, UNSET);
        key("tlcp.enabled", ValueType.BOOLEAN, "true");
        key("tlcp.sign-key", ValueType.KEY, REQUIRED);
        key("tlcp.sign-cert", ValueType.PATH, UNSET);
        key("tlcp.sign-key-password", ValueType.SECRET, UNSET);
        key("tlcp.enc-key", ValueType.KEY, REQUIRED);
        key("tlcp.enc-cert", ValueType.PATH, UNSET);
        key("tlcp.enc-key-password", ValueType.SECRET, UNSET);
        key("tlcp.chain", ValueType.PATH, UNSET);
        key("tlcp.suites", ValueType.CHOICES, "[" + String.join(", ", TLCP_SUITES) + "]");
        key("tlcp.session-cache", ValueType.SECTION, UNSET);
        key("tlcp.session-cache.size", ValueType.INTEGER, "4096");
        key("tlcp.session-cache.lifetime", ValueType.DURATION, "2h");

        key("tls", ValueType.SECTION, UNSET);
        key("tls.enabled", ValueType.BOOLEAN, "false");
        key("tls.key", ValueType.KEY, REQUIRED);
        key("tls.key-password", ValueType.SECRET, UNSET);
        key("tls.cert", ValueType.PATH, REQUIRED);
        key("tls.protocols", ValueType.CHOICES, "[" + String.join(", ", TLS_PROTOCOLS) + "]");
        key("tls.suites", ValueType.CHOICES, "[" + String.join(", ", TLS13_SUITES) + ", "
                + String.join(", ", TLS12_SUITES) + "]");

        key("clients", ValueType.SECTION, REQUIRED);
        key("clients.trust", ValueType.PATHS, REQUIRED);
        key("clients.intermediates", ValueType.PATHS, "[]");
        key("clients.crls", ValueType.PATHS, "[]");
        key("clients.revocation-check", ValueType.BOOLEAN, "true");
        key("clients.crl-reload-interval", ValueType.DURATION, "60s");
        key("clients.user-oid", ValueType.OID, "2.5.4.3");
        key("clients.group-oid", ValueType.OID, "2.5.4.11");
        key("clients.default-group", ValueType.NAME, UNSET);
        key("clients.users", ValueType.MAP, "{}");
        key("clients.users.USER", ValueType.NAME, UNSET);

        key("otp", ValueType.SECTION, UNSET);
        key("otp.token-store", ValueType.PATH, UNSET);
        key("otp.seed-key", ValueType.KEY, UNSET);
        key("otp.time-steps-behind", ValueType.INTEGER, "1");
        key("otp.time-steps-ahead", ValueType.INTEGER, "1");
        key("otp.counter-look-ahead", ValueType.INTEGER, "10");
        key("otp.max-drift-steps", ValueType.INTEGER, "10");
        key("otp.max-failures", ValueType.INTEGER, "5");
        key("otp.form-timeout", ValueType.DURATION, "4m");

        key("groups", ValueType.MAP, REQUIRED);
        key("groups.NAME", ValueType.SECTION, UNSET);
        key("groups.NAME.login", ValueType.CHOICE, "certificate");
        key("groups.NAME.ipv4-pool", ValueType.NAME, UNSET);
        key("groups.NAME.ipv6-pool", ValueType.NAME, UNSET);
        key("groups.NAME.routes", ValueType.PREFIXES, "[]");
        key("groups.NAME.exclude-routes", ValueType.PREFIXES, "[]");
        key("groups.NAME.dns", ValueType.ADDRESSES, "[]");
        key("groups.NAME.default-domain", ValueType.DOMAIN, UNSET);
        key("groups.NAME.split-dns", ValueType.DOMAINS, "[]");
        key("groups.NAME.acl", ValueType.PATH, REQUIRED);
        key("groups.NAME.max-sessions-per-user", ValueType.INTEGER, "2");
        key("groups.NAME.banner", ValueType.STRING, UNSET);

        key("pools", ValueType.MAP, REQUIRED);
        key("pools.NAME", ValueType.SECTION, UNSET);
        key("pools.NAME.ipv4", ValueType.PREFIX, UNSET);
        key("pools.NAME.ipv6", ValueType.PREFIX, UNSET);
        key("pools.NAME.ipv6-prefix", ValueType.INTEGER, "128");
        key("pools.NAME.predictable", ValueType.BOOLEAN, "true");

        key("tunnel", ValueType.SECTION, UNSET);
        key("tunnel.mtu", ValueType.INTEGER, "1400");
        key("tunnel.keepalive", ValueType.DURATION, "9h");
        key("tunnel.dpd", ValueType.DURATION, "90s");
        key("tunnel.idle-timeout", ValueType.DURATION, "20m");
        key("tunnel.session-timeout", ValueType.DURATION, "none");
        key("tunnel.cookie-timeout", ValueType.DURATION, "5m");
        key("tunnel.smartcard-removal-disconnect", ValueType.BOOLEAN, "true");
        key("tunnel.max-clients", ValueType.INTEGER, "1024");
        key("tunnel.write-buffer-bytes", ValueType.INTEGER, "65536");

        key("bans", ValueType.SECTION, UNSET);
        key("bans.max-score", ValueType.INTEGER, "80");
        key("bans.reset-time", ValueType.DURATION, "20m");
        key("bans.wrong-login-points", ValueType.INTEGER, "10");
        key("bans.connection-points", ValueType.INTEGER, "1");
        key("bans.table-size", ValueType.INTEGER, "16384");

        key("rate-limit", ValueType.SECTION, UNSET);
        key("rate-limit.handshakes-per-second", ValueType.INTEGER, "20");
        key("rate-limit.burst", ValueType.INTEGER, "5");
        key("rate-limit.table-size", ValueType.INTEGER, "65536");
        key("rate-limit.ipv6-prefix", ValueType.INTEGER, "64");
        key("rate-limit.global-handshakes-per-second", ValueType.INTEGER, "500");
        key("rate-limit.global-burst", ValueType.INTEGER, "500");
        key("rate-limit.max-unauthenticated", ValueType.INTEGER, "1024");

        key("acl", ValueType.SECTION, REQUIRED);
        key("acl.trust", ValueType.PATHS, REQUIRED);
        key("acl.crls", ValueType.PATHS, REQUIRED);
        key("acl.signer-eku", ValueType.STRING, "acl-signing");
        key("acl.signer-subjects", ValueType.STRINGS, "[]");
        key("acl.signer-cert-sm3", ValueType.STRINGS, "[]");
        key("acl.log", ValueType.PATH, UNSET);

        key("control", ValueType.SECTION, UNSET);
        key("control.socket", ValueType.PATH, ControlSocketPaths.SYSTEM_PATH);

        key("data-plane", ValueType.SECTION, UNSET);
        key("data-plane.mode", ValueType.CHOICE, "tun");
        key("data-plane.device", ValueType.STRING, "gmgw0");

        key("audit", ValueType.SECTION, UNSET);
        key("audit.drop-sample-interval", ValueType.DURATION, "10s");
    }

    private GatewaySchema() {
    }

    private static void key(String path, ValueType type, String defaultValue) {
        if (KEYS.put(path, new ConfigKey(path, type, defaultValue)) != null) {
            throw new IllegalStateException("key listed twice: " + path);
        }
    }

    /** Every key, in documentation order. */
    public static List<ConfigKey> keys() {
        return List.copyOf(KEYS.values());
    }

    /** The key at {@code path} (with {@code NAME}/{@code USER} for chosen names). */
    public static Optional<ConfigKey> key(String path) {
        return Optional.ofNullable(KEYS.get(path));
    }

    /** The names of the keys directly in section {@code section} ("" for the top level). */
    static List<String> namesIn(String section) {
        return KEYS.values().stream().filter(k -> k.section().equals(section)).map(ConfigKey::name).toList();
    }
}
