package io.gmgw.ipsec.ike.config;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.ike.keys.IkePrf;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Phase1Attributes;
import io.gmgw.ipsec.isakmp.payload.DataAttribute;
import io.gmgw.ipsec.isakmp.payload.Transform;
import java.util.ArrayList;
import java.util.List;

/**
 * One phase-1 transform we offer or accept (RFC 2409 appendix A attributes): cipher and key length, hash (the PRF is
 * HMAC with it, RFC 2409 §5), authentication method, Diffie-Hellman group and the lifetime in seconds. The standard
 * profile implements AES-CBC 128/256 (RFC 3602), SHA-256/384/512 (RFC 4868) and MODP-2048 (RFC 3526); the GM envelope
 * variant adds SM4/SM3 without a group.
 */
public record Phase1Proposal(int encryption, int keyBits, int hash, int authMethod, int group, long lifetimeSeconds) {
    public Phase1Proposal {
        if (lifetimeSeconds < 60 || lifetimeSeconds > 0xffff_ffffL) {
            throw new IllegalArgumentException("phase 1 lifetime 60 s to 2^32-1 s, not " + lifetimeSeconds);
        }
        if (encryption == Phase1Attributes.ENC_SM4) {
            // ipsec.md §3: the GM digital envelope: SM4 (fixed 128-bit key), SM3, auth method 10, no DH group.
            if (keyBits != 128 || hash != Phase1Attributes.HASH_SM3
                    || authMethod != Phase1Attributes.AUTH_SM2_DIGITAL_ENVELOPE || group != 0) {
                throw new IllegalArgumentException("SM4 (129) goes with a 128-bit key, SM3 (20), the SM2 digital "
                        + "envelope (auth method 10) and no DH group (ipsec.md §3), not key " + keyBits + " bits, hash "
                        + hash + ", auth " + authMethod + ", group " + group);
            }
        } else {
            checkStandard(encryption, keyBits, hash, authMethod, group);
        }
    }

    private static void checkStandard(int encryption, int keyBits, int hash, int authMethod, int group) {
        if (encryption != Phase1Attributes.ENC_AES_CBC) {
            throw new IllegalArgumentException("phase 1 cipher " + encryption
                    + " is not implemented (AES-CBC 7, SM4 129)");
        }
        if (keyBits != 128 && keyBits != 256) {
            throw new IllegalArgumentException("AES key length 128 or 256 bits, not " + keyBits);
        }
        if (hash != Phase1Attributes.HASH_SHA2_256 && hash != Phase1Attributes.HASH_SHA2_384
                && hash != Phase1Attributes.HASH_SHA2_512) {
            throw new IllegalArgumentException("phase 1 hash " + hash
                    + " is not implemented (SHA-256 4, 384 5, 512 6)");
        }
        if (authMethod != Phase1Attributes.AUTH_PRE_SHARED_KEY) {
            throw new IllegalArgumentException("authentication method " + authMethod + " is not implemented (PSK 1)");
        }
        if (group != Phase1Attributes.GROUP_MODP_2048) {
            throw new IllegalArgumentException("DH group " + group + " is not implemented (MODP-2048 14)");
        }
    }

    /** The GM digital envelope (ipsec.md §2/§3): SM4, SM3, auth method 10 with SM2 (class 20 = 2), no group. */
    public static Phase1Proposal sm4Sm3Sm2Envelope(long lifetimeSeconds) {
        return new Phase1Proposal(Phase1Attributes.ENC_SM4, 128, Phase1Attributes.HASH_SM3,
                Phase1Attributes.AUTH_SM2_DIGITAL_ENVELOPE, 0, lifetimeSeconds);
    }

    /** Whether this is the GM digital envelope (only under a version 0x11 profile). */
    public boolean gmEnvelope() {
        return encryption == Phase1Attributes.ENC_SM4;
    }

    /** aes128-sha256-modp2048 with a pre-shared key, strongSwan's usual IKEv1 proposal. */
    public static Phase1Proposal aes128Sha256Modp2048Psk(long lifetimeSeconds) {
        return new Phase1Proposal(Phase1Attributes.ENC_AES_CBC, 128, Phase1Attributes.HASH_SHA2_256,
                Phase1Attributes.AUTH_PRE_SHARED_KEY, Phase1Attributes.GROUP_MODP_2048, lifetimeSeconds);
    }

    /** The same algorithms with another lifetime. */
    public Phase1Proposal withLifetime(long seconds) {
        return new Phase1Proposal(encryption, keyBits, hash, authMethod, group, seconds);
    }

    public int keyBytes() {
        return keyBits / 8;
    }

    public int blockSize() {
        return 16;
    }

    /** The JCA name of the ISAKMP cipher ({@code AES/CBC/NoPadding} with a key of {@link #keyBytes()}). */
    public String cipherAlgorithm() {
        return gmEnvelope() ? "SM4" : "AES";
    }

    /**
     * The PRF of the JCA hashes; SM3's (HMAC-SM3, GM) runs in gm-crypto's module, which a proposal does not hold:
     * {@code Phase1Config.prf} gives it.
     */
    public IkePrf prf() {
        if (hash == Phase1Attributes.HASH_SM3) {
            throw new IllegalStateException("HMAC-SM3 runs in gm-crypto's module: use Phase1Config.prf");
        }
        return switch (hash) {
            case Phase1Attributes.HASH_SHA2_256 -> IkePrf.jca("HmacSHA256", "SHA-256");
            case Phase1Attributes.HASH_SHA2_384 -> IkePrf.jca("HmacSHA384", "SHA-384");
            default -> IkePrf.jca("HmacSHA512", "SHA-512");
        };
    }

    /**
     * The transform as we send it, attributes in RFC 2409 appendix A order (as charon orders them); the GM envelope
     * leaves out the key length (SM4's is fixed, ipsec.md §3 [B]) and the group, and adds the asymmetric algorithm
     * (class 20 = SM2).
     */
    public Transform transform(int number) {
        List<DataAttribute> a = new ArrayList<>();
        a.add(DataAttribute.basic(Phase1Attributes.ENCRYPTION_ALGORITHM, encryption));
        if (!gmEnvelope()) {
            a.add(DataAttribute.basic(Phase1Attributes.KEY_LENGTH, keyBits));
        }
        a.add(DataAttribute.basic(Phase1Attributes.HASH_ALGORITHM, hash));
        a.add(DataAttribute.basic(Phase1Attributes.AUTHENTICATION_METHOD, authMethod));
        if (gmEnvelope()) {
            a.add(DataAttribute.basic(Phase1Attributes.ASYMMETRIC_ALGORITHM, Phase1Attributes.ASYMMETRIC_SM2));
        } else {
            a.add(DataAttribute.basic(Phase1Attributes.GROUP_DESCRIPTION, group));
        }
        a.add(DataAttribute.basic(Phase1Attributes.LIFE_TYPE, Phase1Attributes.LIFE_SECONDS));
        a.add(lifetimeSeconds <= 0xffff ? DataAttribute.basic(Phase1Attributes.LIFE_DURATION, (int) lifetimeSeconds)
                : DataAttribute.variable(Phase1Attributes.LIFE_DURATION, lifetimeSeconds, 4));
        return new Transform(number, Transform.KEY_IKE, a);
    }

    /**
     * Reads a received KEY_IKE transform. Life type/duration pairs (RFC 2409 appendix A: a duration follows its type)
     * give the seconds; kilobyte lifetimes are accepted and not enforced in phase 1. An unknown attribute or a value
     * we do not implement is ATTRIBUTES-NOT-SUPPORTED.
     */
    public static Phase1Proposal fromTransform(Transform t) {
        if (t.transformId() != Transform.KEY_IKE) {
            throw new IkeNotifyException(NotifyType.INVALID_TRANSFORM_ID, "phase 1 transform id " + t.transformId()
                    + ", expected KEY_IKE 1");
        }
        int enc = -1;
        int keyBits = -1;
        int hash = -1;
        int auth = -1;
        int group = -1;
        int asymmetric = -1;
        long seconds = 28800; // RFC 2407 §4.5: 8 hours when no lifetime is given
        int lifeType = -1;
        for (DataAttribute a : t.attributes()) {
            long v = a.longValue();
            switch (a.type()) {
                case Phase1Attributes.ENCRYPTION_ALGORITHM -> enc = (int) v;
                case Phase1Attributes.KEY_LENGTH -> keyBits = (int) v;
                case Phase1Attributes.HASH_ALGORITHM -> hash = (int) v;
                case Phase1Attributes.AUTHENTICATION_METHOD -> auth = (int) v;
                case Phase1Attributes.GROUP_DESCRIPTION -> group = (int) v;
                case Phase1Attributes.ASYMMETRIC_ALGORITHM -> asymmetric = (int) v;
                case Phase1Attributes.LIFE_TYPE -> lifeType = (int) v;
                case Phase1Attributes.LIFE_DURATION -> {
                    if (lifeType == Phase1Attributes.LIFE_SECONDS) {
                        seconds = v;
                    } else if (lifeType != Phase1Attributes.LIFE_KILOBYTES) {
                        throw new IkeNotifyException(NotifyType.BAD_PROPOSAL_SYNTAX,
                                "phase 1 life duration without a life type before it");
                    }
                }
                default -> throw new IkeNotifyException(NotifyType.ATTRIBUTES_NOT_SUPPORTED,
                        "phase 1 attribute class " + a.type() + " is not supported");
            }
        }
        if (enc == Phase1Attributes.ENC_SM4) {
            // ipsec.md §3: SM4's key length is fixed and usually omitted; no group; the envelope's algorithm is SM2
            if (asymmetric != -1 && asymmetric != Phase1Attributes.ASYMMETRIC_SM2) {
                throw new IkeNotifyException(NotifyType.ATTRIBUTES_NOT_SUPPORTED, "asymmetric algorithm "
                        + asymmetric + " is not implemented (SM2 2)");
            }
            keyBits = keyBits == -1 ? 128 : keyBits;
            group = group == -1 ? 0 : group;
        } else if (asymmetric != -1) {
            throw new IkeNotifyException(NotifyType.ATTRIBUTES_NOT_SUPPORTED, "the asymmetric algorithm (class 20)"
                    + " belongs to the GM digital envelope with SM4");
        }
        try {
            return new Phase1Proposal(enc, keyBits, hash, auth, group, Math.max(60, seconds));
        } catch (IllegalArgumentException e) {
            throw new IkeNotifyException(NotifyType.ATTRIBUTES_NOT_SUPPORTED, e.getMessage());
        }
    }

    /** The transform a responder picks and what it agrees to: our algorithms, the shorter lifetime. */
    public record Choice(Transform offered, Phase1Proposal chosen) {
    }

    /**
     * The first offered transform whose algorithms one of ours has (RFC 2408 §4.2: the initiator's order of
     * preference), with the shorter of the two lifetimes; transforms we cannot read are skipped.
     */
    public static java.util.Optional<Choice> choose(List<Transform> offered, List<Phase1Proposal> ours) {
        for (Transform t : offered) {
            Phase1Proposal o;
            try {
                o = fromTransform(t);
            } catch (IkeNotifyException unsupported) {
                continue;
            }
            for (Phase1Proposal mine : ours) {
                if (mine.sameAlgorithms(o)) {
                    return java.util.Optional.of(new Choice(t, new Phase1Proposal(mine.encryption, mine.keyBits,
                            mine.hash, mine.authMethod, mine.group, Math.min(mine.lifetimeSeconds,
                            o.lifetimeSeconds))));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Same algorithms, lifetime aside. */
    public boolean sameAlgorithms(Phase1Proposal o) {
        return encryption == o.encryption && keyBits == o.keyBits && hash == o.hash && authMethod == o.authMethod
                && group == o.group;
    }
}
