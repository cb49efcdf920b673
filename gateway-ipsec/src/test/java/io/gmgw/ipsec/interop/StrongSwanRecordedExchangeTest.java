package io.gmgw.ipsec.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.codec.IsakmpDecoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpEncoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpLimits;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpDatagram;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.natt.NonEspMarker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed charon exchange (RecordedExchange, recorded by StrongSwanKeyScheduleTest with
 * -Dgmgw.ipsec.writeStrongSwanExchange=true), without root or strongSwan: every packet decodes and encodes back to its
 * bytes, the plain messages have the shape ipsec.md §8 observed, and the whole key-schedule check passes on it.
 */
class StrongSwanRecordedExchangeTest {
    private final IsakmpDecoder decoder = new IsakmpDecoder(IsakmpLimits.DEFAULT);
    private final IsakmpEncoder encoder = new IsakmpEncoder();

    @Test
    void everyRecordedPacketRoundTripsAndHasTheObservedShape() {
        RecordedExchange exchange = RecordedExchange.committed();
        List<String> toResponder = shapes(exchange.toResponder());
        List<String> toInitiator = shapes(exchange.toInitiator());
        // main mode 1, 3, 5 and quick mode 1, 3 (the rest: informational) sent by the initiator
        assertEquals(List.of("500 IDENTITY_PROTECTION [SECURITY_ASSOCIATION, VENDOR_ID, VENDOR_ID, VENDOR_ID,"
                + " VENDOR_ID, VENDOR_ID]", "500 IDENTITY_PROTECTION [KEY_EXCHANGE, NONCE, NAT_D, NAT_D]",
                "4500 IDENTITY_PROTECTION encrypted", "4500 QUICK_MODE encrypted"), toResponder.subList(0, 4));
        assertEquals(List.of("500 IDENTITY_PROTECTION [SECURITY_ASSOCIATION, VENDOR_ID, VENDOR_ID, VENDOR_ID,"
                + " VENDOR_ID]", "500 IDENTITY_PROTECTION [KEY_EXCHANGE, NONCE, NAT_D, NAT_D]",
                "4500 IDENTITY_PROTECTION encrypted", "4500 QUICK_MODE encrypted"), toInitiator.subList(0, 4));
    }

    @Test
    void theKeyScheduleMatchesTheRecordedExchange() throws Exception {
        new KeyScheduleCheck().check(RecordedExchange.committed());
    }

    /** "port exchange [payload types]" or "port exchange encrypted", each packet also re-encoded exactly. */
    private List<String> shapes(List<byte[]> packets) {
        List<String> out = new ArrayList<>();
        for (byte[] p : packets) {
            boolean natt = NonEspMarker.classify(p, 0, p.length) == NonEspMarker.Kind.IKE;
            byte[] ike = natt ? NonEspMarker.strip(p) : p;
            IsakmpDatagram d = decoder.decode(ike);
            String port = natt ? "4500 " : "500 ";
            switch (d) {
                case IsakmpMessage m -> {
                    assertArrayEquals(ike, encoder.encode(m));
                    out.add(port + m.header().exchangeType() + " " + m.payloads().stream().map(Payload::type)
                            .map(PayloadType::name).toList());
                }
                case EncryptedIsakmpMessage e -> {
                    assertArrayEquals(ike, encoder.encode(e));
                    out.add(port + e.header().exchangeType() + " encrypted");
                }
            }
        }
        return out;
    }
}
