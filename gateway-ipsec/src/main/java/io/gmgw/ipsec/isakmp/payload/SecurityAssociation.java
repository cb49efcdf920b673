package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.PayloadType;
import java.util.List;

/**
 * SA payload (RFC 2408 §3.4) in the IPsec DOI (RFC 2407 §4.6.1): DOI, the 4-byte situation, then the proposals.
 * ipsec.md §3: the GM profile uses DOI 1, situation 1 (SIT_IDENTITY_ONLY).
 */
public record SecurityAssociation(long doi, long situation, List<Proposal> proposals) implements Payload {
    public static final long DOI_IPSEC = 1;
    public static final long SIT_IDENTITY_ONLY = 1;

    public SecurityAssociation {
        Fields.u32("SA DOI", doi);
        Fields.u32("SA situation", situation);
        proposals = List.copyOf(proposals);
    }

    @Override
    public PayloadType type() {
        return PayloadType.SECURITY_ASSOCIATION;
    }
}
