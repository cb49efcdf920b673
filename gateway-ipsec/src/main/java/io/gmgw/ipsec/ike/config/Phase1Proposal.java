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
        if (encryption != Phase1Attributes.ENC_AES_CBC) {
            throw new IllegalArgumentException("phase 1 cipher " + encryption + " is not implemented (AES-CBC 7)");
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
        if (lifetimeSeconds < 60 || lifetimeSeconds > 0xffff_ffffL) {
            throw new IllegalArgumentException("phase 1 lifetime 60 s to 2^32-1 s, not " + lifetimeSeconds);
        }
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
        return "AES";
    }

    public IkePrf prf() {
        return switch (hash) {
            case Phase1Attributes.HASH_SHA2_256 -> IkePrf.jca("HmacSHA256", "SHA-256");
            case Phase1Attributes.HASH_SHA2_384 -> IkePrf.jca("HmacSHA384", "SHA-384");
            default -> IkePrf.jca("HmacSHA512", "SHA-512");
        };
    }

    /** The transform as we send it, attributes in RFC 2409 appendix A order (as charon orders them). */
    public Transform transform(int number) {
        List<DataAttribute> a = new ArrayList<>();
        a.add(DataAttribute.basic(Phase1Attributes.ENCRYPTION_ALGORITHM, encryption));
        a.add(DataAttribute.basic(Phase1Attributes.KEY_LENGTH, keyBits));
        a.add(DataAttribute.basic(Phase1Attributes.HASH_ALGORITHM, hash));
        a.add(DataAttribute.basic(Phase1Attributes.AUTHENTICATION_METHOD, authMethod));
        a.add(DataAttribute.basic(Phase1Attributes.GROUP_DESCRIPTION, group));
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
