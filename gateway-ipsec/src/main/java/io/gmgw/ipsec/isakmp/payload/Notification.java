package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * Notification payload (RFC 2408 §3.14): DOI, protocol, SPI (size from its length), the message type
 * ({@link io.gmgw.ipsec.isakmp.NotifyType}) and notification data.
 */
public record Notification(long doi, int protocolId, Octets spi, int messageType, Octets data) implements Payload {
    public Notification {
        Fields.u32("notification DOI", doi);
        Fields.u8("notification protocol id", protocolId);
        Fields.maxLength("notification SPI", spi, 255);
        Fields.u16("notify message type", messageType);
        java.util.Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.NOTIFICATION;
    }
}
