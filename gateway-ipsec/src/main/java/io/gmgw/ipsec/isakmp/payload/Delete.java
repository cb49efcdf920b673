package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import java.util.List;

/**
 * Delete payload (RFC 2408 §3.15): DOI, protocol, the SPI size and the SPIs, all of that size (16 for an ISAKMP SA:
 * its two cookies; 4 for ESP/AH).
 */
public record Delete(long doi, int protocolId, int spiSize, List<Octets> spis) implements Payload {
    public Delete {
        Fields.u32("delete DOI", doi);
        Fields.u8("delete protocol id", protocolId);
        Fields.u8("delete SPI size", spiSize);
        spis = List.copyOf(spis);
        Fields.u16("delete SPI count", spis.size());
        for (Octets spi : spis) {
            if (spi.length() != spiSize) {
                throw new IllegalArgumentException("every SPI of a delete payload is " + spiSize + " bytes, not "
                        + spi.length());
            }
        }
    }

    @Override
    public PayloadType type() {
        return PayloadType.DELETE;
    }
}
