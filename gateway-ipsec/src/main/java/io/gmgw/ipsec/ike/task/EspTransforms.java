package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.ike.config.EspProposal;
import io.gmgw.ipsec.isakmp.IpsecAttributes;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.payload.DataAttribute;
import io.gmgw.ipsec.isakmp.payload.Transform;
import java.util.ArrayList;
import java.util.List;

/** Quick mode's ESP transforms (RFC 2407 §4.4.4, §4.5) to and from {@link EspProposal} plus the SA's other terms. */
final class EspTransforms {
    /** What one ESP transform says besides the algorithms. */
    record Terms(EspProposal proposal, int mode, int group, long seconds, long kilobytes) {
    }

    private EspTransforms() {
    }

    /** Our transform: life type/duration first (RFC 2407 §4.5 pairs), group, mode, auth algorithm, key length. */
    static Transform build(int number, EspProposal p, int mode, int group, long seconds, long kilobytes) {
        List<DataAttribute> a = new ArrayList<>();
        a.add(DataAttribute.basic(IpsecAttributes.SA_LIFE_TYPE, IpsecAttributes.LIFE_SECONDS));
        a.add(duration(seconds));
        if (kilobytes > 0) {
            a.add(DataAttribute.basic(IpsecAttributes.SA_LIFE_TYPE, IpsecAttributes.LIFE_KILOBYTES));
            a.add(duration(kilobytes));
        }
        if (group != 0) {
            a.add(DataAttribute.basic(IpsecAttributes.GROUP_DESCRIPTION, group));
        }
        a.add(DataAttribute.basic(IpsecAttributes.ENCAPSULATION_MODE, mode));
        if (!p.aead()) {
            a.add(DataAttribute.basic(IpsecAttributes.AUTHENTICATION_ALGORITHM, p.authAlgorithm()));
        }
        if (!p.sm4()) {
            a.add(DataAttribute.basic(IpsecAttributes.KEY_LENGTH, p.keyBits())); // SM4's key length is fixed
        }
        return new Transform(number, p.transformId(), a);
    }

    static DataAttribute duration(long v) {
        return v <= 0xffff ? DataAttribute.basic(IpsecAttributes.SA_LIFE_DURATION, (int) v)
                : DataAttribute.variable(IpsecAttributes.SA_LIFE_DURATION, v, 4);
    }

    /** Reads a received ESP transform; what we cannot implement is ATTRIBUTES-NOT-SUPPORTED. */
    static Terms read(Transform t) {
        int auth = 0;
        int keyBits = -1;
        int mode = IpsecAttributes.MODE_TUNNEL;
        int group = 0;
        long seconds = 28800; // RFC 2407 §4.5: 8 hours unless stated
        long kilobytes = 0;
        int lifeType = -1;
        for (DataAttribute a : t.attributes()) {
            long v = a.longValue();
            switch (a.type()) {
                case IpsecAttributes.SA_LIFE_TYPE -> lifeType = (int) v;
                case IpsecAttributes.SA_LIFE_DURATION -> {
                    if (lifeType == IpsecAttributes.LIFE_SECONDS) {
                        seconds = v;
                    } else if (lifeType == IpsecAttributes.LIFE_KILOBYTES) {
                        kilobytes = v;
                    } else {
                        throw new IkeNotifyException(NotifyType.BAD_PROPOSAL_SYNTAX, "ESP life duration without a "
                                + "life type before it");
                    }
                }
                case IpsecAttributes.GROUP_DESCRIPTION -> group = (int) v;
                case IpsecAttributes.ENCAPSULATION_MODE -> mode = (int) v;
                case IpsecAttributes.AUTHENTICATION_ALGORITHM -> auth = (int) v;
                case IpsecAttributes.KEY_LENGTH -> keyBits = (int) v;
                default -> throw new IkeNotifyException(NotifyType.ATTRIBUTES_NOT_SUPPORTED, "ESP attribute class "
                        + a.type() + " is not supported");
            }
        }
        if (mode != IpsecAttributes.MODE_TUNNEL && mode != IpsecAttributes.MODE_UDP_TUNNEL
                && mode != IpsecAttributes.MODE_UDP_TUNNEL_DRAFT) {
            throw new IkeNotifyException(NotifyType.ATTRIBUTES_NOT_SUPPORTED, "encapsulation mode " + mode
                    + ": only tunnel mode (1, or 3 over UDP) is supported");
        }
        if (keyBits == -1 && auth == IpsecAttributes.AUTH_HMAC_SM3) {
            keyBits = 128; // SM4's fixed key, usually not stated
        }
        try {
            return new Terms(new EspProposal(t.transformId(), keyBits, auth), mode, group, seconds, kilobytes);
        } catch (IllegalArgumentException e) {
            throw new IkeNotifyException(NotifyType.ATTRIBUTES_NOT_SUPPORTED, e.getMessage());
        }
    }
}
