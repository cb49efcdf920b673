package io.gmgw.sslvpn.tlcp.protocol;

/**
 * TLCP alert descriptions: the TLS 1.1 codes GM/T 0024 §6.3.3 inherits, plus the GM codes 200–205 from the same
 * clause (site-to-site, area, IBC parameters and identity; gmgw never sends those, but names them when received), and
 * unsupported_extension(110) from the TLS extensions that TLCP peers use (RFC 4366 §2.3, RFC 6066 §1.3).
 */
public enum AlertDescription {
    CLOSE_NOTIFY(0),
    UNEXPECTED_MESSAGE(10),
    BAD_RECORD_MAC(20),
    DECRYPTION_FAILED(21),
    RECORD_OVERFLOW(22),
    DECOMPRESSION_FAILURE(30),
    HANDSHAKE_FAILURE(40),
    NO_CERTIFICATE(41),
    BAD_CERTIFICATE(42),
    UNSUPPORTED_CERTIFICATE(43),
    CERTIFICATE_REVOKED(44),
    CERTIFICATE_EXPIRED(45),
    CERTIFICATE_UNKNOWN(46),
    ILLEGAL_PARAMETER(47),
    UNKNOWN_CA(48),
    ACCESS_DENIED(49),
    DECODE_ERROR(50),
    DECRYPT_ERROR(51),
    EXPORT_RESTRICTION(60),
    PROTOCOL_VERSION(70),
    INSUFFICIENT_SECURITY(71),
    INTERNAL_ERROR(80),
    USER_CANCELED(90),
    NO_RENEGOTIATION(100),
    UNSUPPORTED_EXTENSION(110),
    UNSUPPORTED_SITE2SITE(200),
    NO_AREA(201),
    UNSUPPORTED_AREATYPE(202),
    BAD_IBCPARAM(203),
    UNSUPPORTED_IBCPARAM(204),
    IDENTITY_NEED(205);

    private final int code;

    AlertDescription(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The alert with this code, or null for a code no version of the standard defines. */
    public static AlertDescription fromCode(int code) {
        for (AlertDescription d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return null;
    }

    /** {@code bad_record_mac(20)}: how logs and errors name an alert. */
    public String display() {
        return name().toLowerCase(java.util.Locale.ROOT) + "(" + code + ")";
    }
}
