package io.gmgw.ipsec.isakmp.codec;

import io.gmgw.ipsec.isakmp.ExchangeType;
import io.gmgw.ipsec.isakmp.IpsecAttributes;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.Phase1Attributes;
import io.gmgw.ipsec.isakmp.ProtocolId;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Certificate;
import io.gmgw.ipsec.isakmp.payload.CertificateRequest;
import io.gmgw.ipsec.isakmp.payload.DataAttribute;
import io.gmgw.ipsec.isakmp.payload.Delete;
import io.gmgw.ipsec.isakmp.payload.Hash;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.KeyExchange;
import io.gmgw.ipsec.isakmp.payload.NatDiscovery;
import io.gmgw.ipsec.isakmp.payload.NatOriginalAddress;
import io.gmgw.ipsec.isakmp.payload.Nonce;
import io.gmgw.ipsec.isakmp.payload.Notification;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.Proposal;
import io.gmgw.ipsec.isakmp.payload.SealedBody;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import io.gmgw.ipsec.isakmp.payload.Signature;
import io.gmgw.ipsec.isakmp.payload.SymmetricKey;
import io.gmgw.ipsec.isakmp.payload.Transform;
import io.gmgw.ipsec.isakmp.payload.VendorId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Messages for the codec tests: the GM main-mode shapes of ipsec.md §2 and random well-formed messages. */
final class IsakmpSamples {
    static final long CKY_I = 0x0123456789abcdefL;
    static final long CKY_R = 0xfedcba9876543210L;

    private IsakmpSamples() {
    }

    static Octets bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return Octets.of(b);
    }

    /** The GM phase-1 proposal of ipsec.md §3: SM4, SM3, SM2 envelope (10), asymmetric SM2, life 86400 s. */
    static SecurityAssociation gmPhase1Sa() {
        return new SecurityAssociation(1, 1, List.of(new Proposal(1, ProtocolId.ISAKMP, Octets.EMPTY, List.of(
                new Transform(1, Transform.KEY_IKE, List.of(
                        DataAttribute.basic(Phase1Attributes.ENCRYPTION_ALGORITHM, Phase1Attributes.ENC_SM4),
                        DataAttribute.basic(Phase1Attributes.HASH_ALGORITHM, Phase1Attributes.HASH_SM3),
                        DataAttribute.basic(Phase1Attributes.AUTHENTICATION_METHOD,
                                Phase1Attributes.AUTH_SM2_DIGITAL_ENVELOPE),
                        DataAttribute.basic(Phase1Attributes.ASYMMETRIC_ALGORITHM, Phase1Attributes.ASYMMETRIC_SM2),
                        DataAttribute.basic(Phase1Attributes.LIFE_TYPE, Phase1Attributes.LIFE_SECONDS),
                        DataAttribute.variable(Phase1Attributes.LIFE_DURATION, 86400, 4)))))));
    }

    static IsakmpHeader header(long responderCookie, ExchangeType type, int flags, int messageId) {
        return new IsakmpHeader(CKY_I, responderCookie, PayloadType.NONE, IsakmpHeader.VERSION_GM, type, flags,
                messageId);
    }

    /** GM main mode message 1: HDR, SA. */
    static IsakmpMessage gmMessage1() {
        return IsakmpMessage.of(header(0, ExchangeType.IDENTITY_PROTECTION, 0, 0), List.of(gmPhase1Sa()));
    }

    /** GM main mode message 2: HDR, SA, CERT(sig_r, 4), CERT(enc_r, 5). */
    static IsakmpMessage gmMessage2(Random r) {
        return IsakmpMessage.of(header(CKY_R, ExchangeType.IDENTITY_PROTECTION, 0, 0), List.of(gmPhase1Sa(),
                new Certificate(Certificate.X509_SIGNATURE, bytes(r, 480)),
                new Certificate(Certificate.X509_KEY_EXCHANGE, bytes(r, 470))));
    }

    /** GM main mode message 3: HDR, SK, sealed NONCE and ID, CERT(sig_i), CERT(enc_i), SIG. */
    static IsakmpMessage gmMessage3(Random r) {
        return IsakmpMessage.of(header(CKY_R, ExchangeType.IDENTITY_PROTECTION, 0, 0), List.of(
                new SymmetricKey(bytes(r, 123)),
                new SealedBody(PayloadType.NONCE, bytes(r, 32)),
                new SealedBody(PayloadType.IDENTIFICATION, bytes(r, 16)),
                new Certificate(Certificate.X509_SIGNATURE, bytes(r, 480)),
                new Certificate(Certificate.X509_KEY_EXCHANGE, bytes(r, 470)),
                new Signature(bytes(r, 71))));
    }

    /** A random well-formed message: any payload types but PROPOSAL/TRANSFORM, valid field values. */
    static IsakmpMessage random(Random r) {
        List<Payload> payloads = new ArrayList<>();
        int n = r.nextInt(9);
        boolean sealed = r.nextInt(4) == 0;
        if (sealed) {
            payloads.add(new SymmetricKey(bytes(r, 1 + r.nextInt(140))));
        }
        for (int i = 0; i < n; i++) {
            payloads.add(randomPayload(r, sealed));
        }
        java.util.Collections.shuffle(payloads, r);
        int flags = r.nextInt(8) & ~IsakmpHeader.FLAG_ENCRYPTION;
        ExchangeType type = ExchangeType.values()[r.nextInt(ExchangeType.values().length)];
        IsakmpHeader h = new IsakmpHeader(r.nextLong(), r.nextLong(), PayloadType.NONE, r.nextBoolean()
                ? IsakmpHeader.VERSION_GM : IsakmpHeader.VERSION_RFC2409, type, flags, r.nextInt());
        return IsakmpMessage.of(h, payloads);
    }

    static Payload randomPayload(Random r, boolean sealed) {
        return switch (r.nextInt(15)) {
            case 0 -> randomSa(r);
            case 1 -> new KeyExchange(bytes(r, 1 + r.nextInt(256)));
            case 2 -> sealed ? new SealedBody(PayloadType.IDENTIFICATION, bytes(r, 1 + r.nextInt(40)))
                    : randomId(r);
            case 3 -> new Certificate(1 + r.nextInt(10), bytes(r, 1 + r.nextInt(600)));
            case 4 -> new CertificateRequest(1 + r.nextInt(10), bytes(r, r.nextInt(60)));
            case 5 -> new Hash(bytes(r, 1 + r.nextInt(64)));
            case 6 -> new Signature(bytes(r, 1 + r.nextInt(100)));
            case 7 -> sealed ? new SealedBody(PayloadType.NONCE, bytes(r, 1 + r.nextInt(300)))
                    : new Nonce(bytes(r, 8 + r.nextInt(249)));
            case 8 -> new Notification(r.nextInt(2), r.nextInt(256), bytes(r, r.nextInt(17)), 1 + r.nextInt(65535),
                    bytes(r, r.nextInt(20)));
            case 9 -> {
                int size = 1 + r.nextInt(16);
                List<Octets> spis = new ArrayList<>();
                for (int i = 0, k = 1 + r.nextInt(5); i < k; i++) {
                    spis.add(bytes(r, size));
                }
                yield new Delete(r.nextInt(2), r.nextInt(256), size, spis);
            }
            case 10 -> new VendorId(bytes(r, 1 + r.nextInt(32)));
            case 11 -> new NatDiscovery(bytes(r, 1 + r.nextInt(32)));
            case 12 -> r.nextBoolean() ? new NatOriginalAddress(Identification.IPV4_ADDR, bytes(r, 4))
                    : new NatOriginalAddress(Identification.IPV6_ADDR, bytes(r, 16));
            case 13 -> new Notification(1, ProtocolId.ISAKMP, Octets.EMPTY, NotifyType.INITIAL_CONTACT,
                    Octets.EMPTY);
            default -> new VendorId(Octets.hex("4a131c81070358455c5728f20e95452f"));
        };
    }

    static Identification randomId(Random r) {
        int type = 1 + r.nextInt(11);
        int fixed = Identification.fixedDataLength(type);
        return new Identification(type, r.nextInt(256), r.nextInt(65536), bytes(r, fixed >= 0 ? fixed
                : 1 + r.nextInt(40)));
    }

    static SecurityAssociation randomSa(Random r) {
        List<Proposal> proposals = new ArrayList<>();
        int number = 1;
        for (int p = 0, np = 1 + r.nextInt(4); p < np; p++) {
            number += r.nextInt(2);
            List<Transform> transforms = new ArrayList<>();
            for (int t = 0, nt = 1 + r.nextInt(4); t < nt; t++) {
                List<DataAttribute> attributes = new ArrayList<>();
                for (int a = 0, na = r.nextInt(8); a < na; a++) {
                    attributes.add(r.nextBoolean() ? DataAttribute.basic(r.nextInt(0x8000), r.nextInt(65536))
                            : new DataAttribute(r.nextInt(0x8000), false, bytes(r, r.nextInt(12))));
                }
                transforms.add(new Transform(t + 1, r.nextInt(256), attributes));
            }
            int protocol = r.nextBoolean() ? ProtocolId.IPSEC_ESP : ProtocolId.ISAKMP;
            proposals.add(new Proposal(number, protocol, bytes(r, protocol == ProtocolId.IPSEC_ESP ? 4 : 0),
                    transforms));
        }
        return new SecurityAssociation(1, 1, proposals);
    }

    /** A quick-mode ESP proposal with the given SM4-CBC transform id, HMAC-SM3, tunnel mode. */
    static SecurityAssociation gmEspSa(int sm4CbcTransformId) {
        return new SecurityAssociation(1, 1, List.of(new Proposal(1, ProtocolId.IPSEC_ESP,
                Octets.hex("c0ffee01"), List.of(new Transform(1, sm4CbcTransformId, List.of(
                        DataAttribute.basic(IpsecAttributes.SA_LIFE_TYPE, IpsecAttributes.LIFE_SECONDS),
                        DataAttribute.basic(IpsecAttributes.SA_LIFE_DURATION, 3600),
                        DataAttribute.basic(IpsecAttributes.ENCAPSULATION_MODE, IpsecAttributes.MODE_TUNNEL),
                        DataAttribute.basic(IpsecAttributes.AUTHENTICATION_ALGORITHM,
                                IpsecAttributes.AUTH_HMAC_SM3)))))));
    }
}
