package io.gmgw.sslvpn.cstp;

/**
 * The CSTP frame types as openconnect 9.01 and ocserv 1.1.6 send them (byte 6 of the header). The IETF draft
 * (draft-mavrogiannopoulos-openconnect, "packet types") lists the same codes.
 */
public enum CstpFrameType {
    /** One IPv4 or IPv6 packet. */
    DATA(0x00),
    /** Dead-peer-detection request; answered with {@link #DPD_RESPONSE}. */
    DPD_REQUEST(0x03),
    DPD_RESPONSE(0x04),
    /** The sender ends the tunnel (a client's payload 0xB0 + reason means a logout). */
    DISCONNECT(0x05),
    /** Sent by clients after a quiet period; never answered (openconnect, ocserv and anylink all ignore it). */
    KEEPALIVE(0x07),
    /** A compressed packet: only after compression was agreed, which gmgw never does. */
    COMPRESSED(0x08),
    /** The server ends the tunnel. */
    TERMINATE(0x09);

    private final int code;

    CstpFrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or null for a code no CSTP peer defines. */
    public static CstpFrameType fromCode(int code) {
        for (CstpFrameType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
