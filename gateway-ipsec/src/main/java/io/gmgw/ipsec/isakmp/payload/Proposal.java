package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import java.util.List;

/**
 * Proposal payload (RFC 2408 §3.5), inside an SA. Proposals with the same number form one AND-combined proposal
 * (RFC 2408 §4.2); the SPI is empty or 16 bytes for ISAKMP (phase 1) and 4 bytes for ESP and AH.
 */
public record Proposal(int number, int protocolId, Octets spi, List<Transform> transforms) {
    public Proposal {
        Fields.u8("proposal number", number);
        Fields.u8("proposal protocol id", protocolId);
        Fields.maxLength("proposal SPI", spi, 255);
        transforms = List.copyOf(transforms);
        if (transforms.size() > 255) {
            throw new IllegalArgumentException("a proposal holds at most 255 transforms: " + transforms.size());
        }
    }
}
