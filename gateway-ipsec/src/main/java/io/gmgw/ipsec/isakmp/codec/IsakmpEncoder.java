package io.gmgw.ipsec.isakmp.codec;

import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
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
import java.util.List;

/**
 * Encodes ISAKMP messages and payloads exactly (RFC 2408 §3): lengths computed, reserved bytes zero, attributes in the
 * form (TV/TLV) their record holds. Also gives the pieces the key schedule hashes: a payload's body without its
 * generic header ({@code SAi_b}, {@code IDii_b}, {@code Ni_b}) and a payload with it.
 */
public final class IsakmpEncoder {

    /** The bytes of a message sent in the clear. */
    public byte[] encode(IsakmpMessage message) {
        if (message.header().encrypted()) {
            throw new IllegalArgumentException("the message has the encryption flag set: encode its payloads with "
                    + "encodePayloads, encrypt them, and encode an EncryptedIsakmpMessage");
        }
        ByteSink out = new ByteSink();
        header(out, message.header());
        chain(out, message.payloads());
        out.patch32(24, out.size());
        return out.toByteArray();
    }

    /** The bytes of a message whose payloads the caller has encrypted. */
    public byte[] encode(EncryptedIsakmpMessage message) {
        ByteSink out = new ByteSink();
        header(out, message.header());
        out.octets(message.ciphertext());
        out.patch32(24, out.size());
        return out.toByteArray();
    }

    /** The payload chain that follows a header, unpadded: the plaintext to encrypt for a message with flag E. */
    public byte[] encodePayloads(List<Payload> payloads) {
        ByteSink out = new ByteSink();
        chain(out, payloads);
        return out.toByteArray();
    }

    /** A payload's body, without its 4-byte generic header (the "_b" of RFC 2409 §5 and ipsec.md §2). */
    public byte[] body(Payload payload) {
        ByteSink out = new ByteSink();
        body(out, payload);
        return out.toByteArray();
    }

    /** A payload with its generic header, whose next-payload field is {@code next}. */
    public byte[] withHeader(Payload payload, PayloadType next) {
        ByteSink out = new ByteSink();
        payload(out, payload, next);
        return out.toByteArray();
    }

    private static void header(ByteSink out, IsakmpHeader h) {
        out.u64(h.initiatorCookie()).u64(h.responderCookie()).u8(h.nextPayload().code()).u8(h.version())
                .u8(h.exchangeType().code()).u8(h.flags()).u32(h.messageId() & 0xffff_ffffL).u32(0);
    }

    private static void chain(ByteSink out, List<Payload> payloads) {
        for (int i = 0; i < payloads.size(); i++) {
            PayloadType next = i + 1 < payloads.size() ? payloads.get(i + 1).type() : PayloadType.NONE;
            payload(out, payloads.get(i), next);
        }
    }

    private static void payload(ByteSink out, Payload p, PayloadType next) {
        int start = out.size();
        out.u8(next.code()).u8(0).u16(0);
        body(out, p);
        out.patch16(start + 2, start, p.type() + " payload");
    }

    private static void body(ByteSink out, Payload payload) {
        switch (payload) {
            case SecurityAssociation sa -> {
                out.u32(sa.doi()).u32(sa.situation());
                List<Proposal> proposals = sa.proposals();
                for (int i = 0; i < proposals.size(); i++) {
                    proposal(out, proposals.get(i), i + 1 < proposals.size());
                }
            }
            case KeyExchange ke -> out.octets(ke.data());
            case Identification id -> out.u8(id.idType()).u8(id.protocolId()).u16(id.port()).octets(id.data());
            case Certificate cert -> out.u8(cert.encoding()).octets(cert.data());
            case CertificateRequest cr -> out.u8(cr.encoding()).octets(cr.authority());
            case Hash hash -> out.octets(hash.data());
            case Signature sig -> out.octets(sig.data());
            case Nonce nonce -> out.octets(nonce.data());
            case Notification n -> out.u32(n.doi()).u8(n.protocolId()).u8(n.spi().length()).u16(n.messageType())
                    .octets(n.spi()).octets(n.data());
            case Delete d -> {
                out.u32(d.doi()).u8(d.protocolId()).u8(d.spiSize()).u16(d.spis().size());
                for (Octets spi : d.spis()) {
                    out.octets(spi);
                }
            }
            case VendorId v -> out.octets(v.data());
            case NatDiscovery natD -> out.octets(natD.hash());
            case NatOriginalAddress oa -> out.u8(oa.idType()).u8(0).u16(0).octets(oa.address());
            case SymmetricKey sk -> out.octets(sk.ciphertext());
            case SealedBody sealed -> out.octets(sealed.ciphertext());
        }
    }

    private static void proposal(ByteSink out, Proposal p, boolean more) {
        int start = out.size();
        out.u8(more ? PayloadType.PROPOSAL.code() : 0).u8(0).u16(0);
        out.u8(p.number()).u8(p.protocolId()).u8(p.spi().length()).u8(p.transforms().size()).octets(p.spi());
        List<Transform> transforms = p.transforms();
        for (int i = 0; i < transforms.size(); i++) {
            transform(out, transforms.get(i), i + 1 < transforms.size());
        }
        out.patch16(start + 2, start, "proposal " + p.number());
    }

    private static void transform(ByteSink out, Transform t, boolean more) {
        int start = out.size();
        out.u8(more ? PayloadType.TRANSFORM.code() : 0).u8(0).u16(0);
        out.u8(t.number()).u8(t.transformId()).u16(0);
        for (DataAttribute a : t.attributes()) {
            if (a.basic()) {
                out.u16(0x8000 | a.type()).octets(a.value());
            } else {
                out.u16(a.type()).u16(a.value().length()).octets(a.value());
            }
        }
        out.patch16(start + 2, start, "transform " + t.number());
    }
}
