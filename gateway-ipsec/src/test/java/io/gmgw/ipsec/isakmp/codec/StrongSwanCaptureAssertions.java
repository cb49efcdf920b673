package io.gmgw.ipsec.isakmp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.ipsec.isakmp.ExchangeType;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.Phase1Attributes;
import io.gmgw.ipsec.isakmp.ProtocolId;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.DataAttribute;
import io.gmgw.ipsec.isakmp.payload.Proposal;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import io.gmgw.ipsec.isakmp.payload.Transform;
import io.gmgw.ipsec.isakmp.payload.VendorId;
import java.util.List;

/** The fields of strongSwan 5.9.8's main mode message 1, for the committed capture and the live one. */
public final class StrongSwanCaptureAssertions {
    private StrongSwanCaptureAssertions() {
    }

    /** What charon's aes128-sha256-modp2048 PSK proposal and its vendor IDs look like, whatever the cookie. */
    public static void assertStrongSwanMessageOne(IsakmpMessage m, long initiatorCookie) {
        IsakmpHeader h = m.header();
        assertEquals(initiatorCookie, h.initiatorCookie());
        assertEquals(0, h.responderCookie());
        assertEquals(IsakmpHeader.VERSION_RFC2409, h.version());
        assertEquals(ExchangeType.IDENTITY_PROTECTION, h.exchangeType());
        assertEquals(0, h.flags());
        assertEquals(0, h.messageId());
        SecurityAssociation sa = m.first(SecurityAssociation.class).orElseThrow();
        assertEquals(new SecurityAssociation(1, 1, List.of(new Proposal(1, ProtocolId.ISAKMP, Octets.EMPTY,
                List.of(new Transform(1, Transform.KEY_IKE, List.of(
                        DataAttribute.basic(Phase1Attributes.ENCRYPTION_ALGORITHM, Phase1Attributes.ENC_AES_CBC),
                        DataAttribute.basic(Phase1Attributes.KEY_LENGTH, 128),
                        DataAttribute.basic(Phase1Attributes.HASH_ALGORITHM, Phase1Attributes.HASH_SHA2_256),
                        DataAttribute.basic(Phase1Attributes.GROUP_DESCRIPTION, Phase1Attributes.GROUP_MODP_2048),
                        DataAttribute.basic(Phase1Attributes.AUTHENTICATION_METHOD,
                                Phase1Attributes.AUTH_PRE_SHARED_KEY),
                        DataAttribute.basic(Phase1Attributes.LIFE_TYPE, Phase1Attributes.LIFE_SECONDS),
                        // swanctl's defaults: rekey_time 4 h plus over_time 10 % = 15840 s, as a TV value
                        DataAttribute.basic(Phase1Attributes.LIFE_DURATION, 15840))))))), sa);
        assertEquals(List.of(
                "09002689dfd6b712", // XAuth
                "afcad71368a1f1c96b8696fc77570100", // DPD, RFC 3706
                "4048b7d56ebce88525e7de7f00d6c2d380000000", // IKE fragmentation (Cisco's, with capabilities)
                "4a131c81070358455c5728f20e95452f", // NAT-T, RFC 3947
                "90cb80913ebb696e086381b5ec427b1f"), // draft-ietf-ipsec-nat-t-ike-02\n
                m.all(VendorId.class).stream().map(v -> v.data().toHex()).toList());
        assertEquals(6, m.payloads().size());
    }
}
