package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.isakmp.IpsecAttributes;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.ProtocolId;
import io.gmgw.ipsec.isakmp.payload.Notification;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The RESPONDER-LIFETIME notify (RFC 2407 §4.6.3.1): the responder's shorter lifetime as SA attributes (life type,
 * then duration), about the initiator's ESP SPI.
 */
final class ResponderLifetime {
    private ResponderLifetime() {
    }

    static Notification notify(int initiatorSpi, long seconds, long kilobytes) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.putShort((short) (0x8000 | IpsecAttributes.SA_LIFE_TYPE)).putShort((short) IpsecAttributes.LIFE_SECONDS);
        b.putShort((short) IpsecAttributes.SA_LIFE_DURATION).putShort((short) 4).putInt((int) seconds);
        if (kilobytes > 0) {
            b.putShort((short) (0x8000 | IpsecAttributes.SA_LIFE_TYPE))
                    .putShort((short) IpsecAttributes.LIFE_KILOBYTES);
            b.putShort((short) IpsecAttributes.SA_LIFE_DURATION).putShort((short) 4).putInt((int) kilobytes);
        }
        return new Notification(SecurityAssociation.DOI_IPSEC, ProtocolId.IPSEC_ESP,
                Octets.of(ByteBuffer.allocate(4).putInt(initiatorSpi).array()), NotifyType.RESPONDER_LIFETIME,
                Octets.of(Arrays.copyOf(b.array(), b.position())));
    }

    /** {seconds, kilobytes} the notify states, 0 where it states none; attributes TV or TLV of up to 8 bytes. */
    static long[] read(byte[] d) {
        long[] out = new long[2];
        int lifeType = -1;
        for (int at = 0; at + 4 <= d.length; ) {
            int type = (d[at] & 0x7f) << 8 | (d[at + 1] & 0xff);
            boolean basic = (d[at] & 0x80) != 0;
            int len = basic ? 2 : (d[at + 2] & 0xff) << 8 | (d[at + 3] & 0xff);
            int start = basic ? at + 2 : at + 4;
            if (start + len > d.length || len > 8) {
                throw new IkeNotifyException(NotifyType.PAYLOAD_MALFORMED, "RESPONDER-LIFETIME attributes overrun");
            }
            long v = 0;
            for (int i = 0; i < len; i++) {
                v = v << 8 | (d[start + i] & 0xff);
            }
            if (type == IpsecAttributes.SA_LIFE_TYPE) {
                lifeType = (int) v;
            } else if (type == IpsecAttributes.SA_LIFE_DURATION && lifeType == IpsecAttributes.LIFE_SECONDS) {
                out[0] = v;
            } else if (type == IpsecAttributes.SA_LIFE_DURATION && lifeType == IpsecAttributes.LIFE_KILOBYTES) {
                out[1] = v;
            }
            at = start + len;
        }
        return out;
    }
}
