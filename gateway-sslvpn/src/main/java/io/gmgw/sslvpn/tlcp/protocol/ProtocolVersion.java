package io.gmgw.sslvpn.tlcp.protocol;

/** TLCP's wire version, major 1 minor 1 (GM/T 0024 §6.3.2; GB/T 38636 keeps it). */
public final class ProtocolVersion {
    public static final int TLCP_1_1 = 0x0101;
    public static final int MAJOR = 1;
    public static final int MINOR = 1;
    public static final String NAME = "TLCPv1.1";

    private ProtocolVersion() {
    }
}
