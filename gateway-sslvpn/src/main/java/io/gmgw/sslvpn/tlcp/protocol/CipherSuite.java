package io.gmgw.sslvpn.tlcp.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The four TLCP cipher suites gmgw speaks (GM/T 0024-2014 §6.4.5.2 table 3; the GCM pair from GB/T 38636-2020).
 * The SM1, SM9 and RSA suites of the same table need hardware or algorithms gmgw does not offer; their IDs are simply
 * unknown here, so a ClientHello that offers only them fails with handshake_failure.
 */
public enum CipherSuite {
    ECC_SM4_CBC_SM3(0xE013, KeyExchange.ECC, RecordCipherKind.CBC),
    ECC_SM4_GCM_SM3(0xE053, KeyExchange.ECC, RecordCipherKind.GCM),
    ECDHE_SM4_CBC_SM3(0xE011, KeyExchange.ECDHE, RecordCipherKind.CBC),
    ECDHE_SM4_GCM_SM3(0xE051, KeyExchange.ECDHE, RecordCipherKind.GCM);

    /** How the pre-master secret is made: SM2 encryption to the server's encryption key, or SM2 key agreement. */
    public enum KeyExchange { ECC, ECDHE }

    /** How records are protected: SM4-CBC with HMAC-SM3 (MAC-then-encrypt), or SM4-GCM. */
    public enum RecordCipherKind { CBC, GCM }

    /**
     * gmgw's default preference: the ECC pair before the ECDHE pair (ECDHE needs the client's encryption certificate),
     * GCM before CBC in each. GCM is an AEAD (no MAC-then-encrypt padding to check) and costs less per byte in gmgw
     * (docs/benchmarks.md, raw TLCP record work); a peer that has only the 2014 suite E013 still gets it, since it
     * offers nothing else.
     */
    public static final List<CipherSuite> DEFAULT_ORDER =
            List.of(ECC_SM4_GCM_SM3, ECC_SM4_CBC_SM3, ECDHE_SM4_GCM_SM3, ECDHE_SM4_CBC_SM3);

    private final int id;
    private final KeyExchange keyExchange;
    private final RecordCipherKind record;

    CipherSuite(int id, KeyExchange keyExchange, RecordCipherKind record) {
        this.id = id;
        this.keyExchange = keyExchange;
        this.record = record;
    }

    public int id() {
        return id;
    }

    public KeyExchange keyExchange() {
        return keyExchange;
    }

    public RecordCipherKind record() {
        return record;
    }

    /** {@code E013} style. */
    public String hexId() {
        return "%04X".formatted(id);
    }

    /** The name Kona and our CLI print: {@code TLCP_ECC_SM4_CBC_SM3}. */
    public String tlcpName() {
        return "TLCP_" + name();
    }

    /** Lengths of the key block's parts (GM/T 0024 §6.5.3): MAC keys, write keys, IVs. */
    public int macKeyLength() {
        return record == RecordCipherKind.CBC ? 32 : 0;
    }

    public int encKeyLength() {
        return 16;
    }

    public int fixedIvLength() {
        return record == RecordCipherKind.CBC ? 16 : 4;
    }

    public int keyBlockLength() {
        return 2 * (macKeyLength() + encKeyLength() + fixedIvLength());
    }

    public static Optional<CipherSuite> fromId(int id) {
        for (CipherSuite s : values()) {
            if (s.id == id) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * A suite named by hex ID ({@code E013}, {@code 0xE013}), GM/T name ({@code ECC_SM4_CBC_SM3}, also the 2014 short
     * form {@code ECC_SM4_SM3}) or prefixed name ({@code TLCP_ECC_SM4_CBC_SM3}); case-insensitive.
     */
    public static CipherSuite parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.startsWith("TLCP_")) {
            t = t.substring(5);
        }
        String hex = t.startsWith("0X") ? t.substring(2) : t;
        if (hex.matches("[0-9A-F]{4}")) {
            Optional<CipherSuite> s = fromId(Integer.parseInt(hex, 16));
            if (s.isPresent()) {
                return s.get();
            }
        }
        for (CipherSuite s : values()) {
            if (s.name().equals(t) || s.name().replace("_CBC", "").equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown TLCP cipher suite '" + text + "': use one of "
                + String.join(", ", names()) + " (or the hex IDs E013, E053, E011, E051)");
    }

    /** A comma-separated list, in the order given; duplicates are dropped. */
    public static List<CipherSuite> parseList(String text) {
        List<CipherSuite> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            CipherSuite s = parse(part);
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty cipher suite list: name at least one of " + String.join(", ", names()));
        }
        return List.copyOf(out);
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>();
        for (CipherSuite s : values()) {
            n.add(s.name());
        }
        return n;
    }
}
