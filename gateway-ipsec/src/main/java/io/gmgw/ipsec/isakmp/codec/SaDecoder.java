package io.gmgw.ipsec.isakmp.codec;

import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.payload.DataAttribute;
import io.gmgw.ipsec.isakmp.payload.Proposal;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import io.gmgw.ipsec.isakmp.payload.Transform;
import java.util.ArrayList;
import java.util.List;

/**
 * The SA body (RFC 2408 §3.4-3.6, RFC 2407 §4.6.1): DOI and situation, then a chain of proposal payloads each holding
 * a chain of transform payloads each holding data attributes (§3.3). Every level's lengths must add up exactly.
 */
final class SaDecoder {
    private final IsakmpLimits limits;

    SaDecoder(IsakmpLimits limits) {
        this.limits = limits;
    }

    SecurityAssociation decode(Cursor c) {
        int at = c.position();
        long doi = c.u32("DOI");
        if (doi != SecurityAssociation.DOI_IPSEC) {
            throw c.failAt(NotifyType.DOI_NOT_SUPPORTED, at, "DOI " + doi + " (the IPsec DOI 1 is supported)");
        }
        at = c.position();
        long situation = c.u32("situation");
        // RFC 2407 §4.2: SIT_SECRECY (2) and SIT_INTEGRITY (4) add labelled-domain fields nobody deploys.
        if (situation != SecurityAssociation.SIT_IDENTITY_ONLY) {
            throw c.failAt(NotifyType.SITUATION_NOT_SUPPORTED, at, "situation " + situation
                    + " (SIT_IDENTITY_ONLY 1 is supported)");
        }
        List<Proposal> proposals = new ArrayList<>();
        int next = PayloadType.PROPOSAL.code();
        int lastNumber = -1;
        while (next != 0) {
            if (proposals.size() == limits.maxProposals()) {
                throw c.fail(NotifyType.PAYLOAD_MALFORMED, "more than " + limits.maxProposals() + " proposals");
            }
            Cursor p = child(c, "PROPOSAL");
            next = p.u8("next payload");
            if (next != 0 && next != PayloadType.PROPOSAL.code()) {
                throw p.failAt(NotifyType.BAD_PROPOSAL_SYNTAX, p.position() - 1, "a proposal is followed by "
                        + "another proposal (2) or nothing (0), not " + next);
            }
            Proposal proposal = proposal(p);
            // RFC 2408 §4.2: proposal numbers never decrease; equal numbers are one AND-ed proposal.
            if (proposal.number() < lastNumber) {
                throw p.fail(NotifyType.BAD_PROPOSAL_SYNTAX, "proposal number " + proposal.number()
                        + " after " + lastNumber);
            }
            lastNumber = proposal.number();
            proposals.add(proposal);
        }
        c.expectEnd();
        return new SecurityAssociation(doi, situation, proposals);
    }

    /**
     * Checks the generic payload header at {@code c}'s position and moves {@code c} past the payload; returns a
     * cursor over just that payload, positioned on its header's next-payload byte.
     */
    private static Cursor child(Cursor c, String part) {
        int start = c.position();
        c.need(4, part + " header");
        c.u8("next payload");
        c.u8("reserved");
        int length = c.u16(part + " length");
        if (length < 4 || length - 4 > c.remaining()) {
            throw c.failAt(NotifyType.PAYLOAD_MALFORMED, start, part + " length " + length + " but "
                    + (c.remaining() + 4) + " bytes remain");
        }
        c.octets(length - 4, part);
        return c.sub(start, start + length, part);
    }

    private Proposal proposal(Cursor p) {
        p.reserved(1, "PROPOSAL reserved");
        p.u16("PROPOSAL length");
        int number = p.u8("proposal number");
        int protocol = p.u8("protocol id");
        int spiSize = p.u8("SPI size");
        int at = p.position();
        int count = p.u8("number of transforms");
        if (count == 0) {
            throw p.failAt(NotifyType.BAD_PROPOSAL_SYNTAX, at, "a proposal without transforms");
        }
        if (count > limits.maxTransforms()) {
            throw p.failAt(NotifyType.PAYLOAD_MALFORMED, at, count + " transforms, the limit is "
                    + limits.maxTransforms());
        }
        Octets spi = p.octets(spiSize, "SPI");
        List<Transform> transforms = new ArrayList<>(count);
        int next = PayloadType.TRANSFORM.code();
        while (next != 0) {
            if (transforms.size() == count) {
                throw p.fail(NotifyType.BAD_PROPOSAL_SYNTAX, "more transforms than the " + count + " announced");
            }
            Cursor t = child(p, "TRANSFORM");
            next = t.u8("next payload");
            if (next != 0 && next != PayloadType.TRANSFORM.code()) {
                throw t.failAt(NotifyType.BAD_PROPOSAL_SYNTAX, t.position() - 1, "a transform is followed by "
                        + "another transform (3) or nothing (0), not " + next);
            }
            transforms.add(transform(t));
        }
        if (transforms.size() != count) {
            throw p.fail(NotifyType.BAD_PROPOSAL_SYNTAX, transforms.size() + " transforms where " + count
                    + " were announced");
        }
        p.expectEnd();
        return new Proposal(number, protocol, spi, transforms);
    }

    private Transform transform(Cursor t) {
        t.reserved(1, "TRANSFORM reserved");
        t.u16("TRANSFORM length");
        int number = t.u8("transform number");
        int id = t.u8("transform id");
        t.reserved(2, "TRANSFORM reserved2");
        List<DataAttribute> attributes = new ArrayList<>();
        while (t.remaining() > 0) {
            if (attributes.size() == limits.maxAttributes()) {
                throw t.fail(NotifyType.PAYLOAD_MALFORMED, "more than " + limits.maxAttributes() + " attributes");
            }
            int at = t.position();
            int typeField = t.u16("attribute type");
            boolean basic = (typeField & 0x8000) != 0;
            int type = typeField & 0x7fff;
            Octets value;
            if (basic) {
                value = t.octets(2, "attribute value");
            } else {
                int length = t.u16("attribute length");
                if (length > t.remaining()) {
                    throw t.failAt(NotifyType.PAYLOAD_MALFORMED, at, "attribute " + type + " of length " + length
                            + " but " + t.remaining() + " bytes remain in the transform");
                }
                value = t.octets(length, "attribute value");
            }
            attributes.add(new DataAttribute(type, basic, value));
        }
        return new Transform(number, id, attributes);
    }
}
