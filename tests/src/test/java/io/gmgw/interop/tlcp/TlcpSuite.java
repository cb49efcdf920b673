package io.gmgw.interop.tlcp;

import java.util.Arrays;
import java.util.Locale;

/**
 * The four TLCP cipher suites gmgw implements (GB/T 38636-2020 §6.4.5.2; IDs as GmSSL and Kona use them). The
 * constant names are BGMProvider's suite names. ECDHE suites need client authentication with the client's signing
 * AND encryption certificates (the client's static encryption key takes part in the SM2 key agreement).
 */
public enum TlcpSuite {
    ECC_SM4_CBC_SM3(0xE013, false),
    ECC_SM4_GCM_SM3(0xE053, false),
    ECDHE_SM4_CBC_SM3(0xE011, true),
    ECDHE_SM4_GCM_SM3(0xE051, true);

    /** gm-jsse's name for the one suite it has, 0xE013. */
    public static final String GM_JSSE_E013_NAME = "ECC-SM2-WITH-SM4-SM3";

    private final int id;
    private final boolean ecdhe;

    TlcpSuite(int id, boolean ecdhe) {
        this.id = id;
        this.ecdhe = ecdhe;
    }

    /** The two-byte code point on the wire. */
    public int id() {
        return id;
    }

    /** True for the SM2 key-agreement suites (E011, E051), which require mutual authentication. */
    public boolean ecdhe() {
        return ecdhe;
    }

    /** The name BGMProvider's {@code setEnabledCipherSuites} and {@code SSLSession.getCipherSuite} use. */
    public String bgmName() {
        return name();
    }

    /** The suite named as BGMProvider or gm-jsse name it. */
    public static TlcpSuite fromPeerName(String name) {
        if (name.equals(GM_JSSE_E013_NAME)) {
            return ECC_SM4_CBC_SM3;
        }
        return Arrays.stream(values()).filter(s -> s.bgmName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a TLCP suite name gmgw knows: " + name));
    }

    @Override
    public String toString() {
        return name() + String.format(Locale.ROOT, " (0x%04X)", id);
    }
}
