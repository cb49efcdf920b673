package io.gmgw.ipsec.isakmp.payload;

import java.util.List;

/**
 * Transform payload (RFC 2408 §3.6): its number within the proposal, the transform id (KEY_IKE 1 in phase 1,
 * RFC 2409 §5; an ESP transform id in phase 2, RFC 2407 §4.4.4) and its SA attributes.
 */
public record Transform(int number, int transformId, List<DataAttribute> attributes) {
    public static final int KEY_IKE = 1;

    public Transform {
        Fields.u8("transform number", number);
        Fields.u8("transform id", transformId);
        attributes = List.copyOf(attributes);
    }

    /** The first attribute of {@code type}, or null. */
    public DataAttribute attribute(int type) {
        for (DataAttribute a : attributes) {
            if (a.type() == type) {
                return a;
            }
        }
        return null;
    }
}
