package io.gmgw.ipsec.isakmp;

/** Security protocol identifiers of the IPsec DOI (RFC 2407 §4.4.1), used in proposals, notify and delete. */
public final class ProtocolId {
    public static final int ISAKMP = 1;
    public static final int IPSEC_AH = 2;
    public static final int IPSEC_ESP = 3;
    public static final int IPCOMP = 4;

    private ProtocolId() {
    }
}
