package io.gmgw.ipsec.isakmp.message;

import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.Nonce;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.SealedBody;
import io.gmgw.ipsec.isakmp.payload.SymmetricKey;
import java.util.List;
import java.util.Optional;

/**
 * An ISAKMP message with readable payloads: one sent in the clear, or one the caller has decrypted (then the header
 * keeps its encryption flag). The header's next-payload field always names the first payload.
 */
public record IsakmpMessage(IsakmpHeader header, List<Payload> payloads) implements IsakmpDatagram {
    public IsakmpMessage {
        payloads = List.copyOf(payloads);
        PayloadType first = payloads.isEmpty() ? PayloadType.NONE : payloads.getFirst().type();
        if (header.nextPayload() != first) {
            throw new IllegalArgumentException("the header names " + header.nextPayload()
                    + " as the first payload but the first is " + first);
        }
        // The decoder reads NONCE and ID bodies as sealed exactly when an SK payload is present (ipsec.md §2), so
        // only such messages can be built: whatever is encoded decodes to an equal message.
        boolean sk = payloads.stream().anyMatch(p -> p instanceof SymmetricKey);
        for (Payload p : payloads) {
            if (sk && (p instanceof Nonce || p instanceof Identification)) {
                throw new IllegalArgumentException("with an SK payload, NONCE and ID bodies are sealed under Sk: "
                        + "give them as SealedBody");
            }
            if (!sk && p instanceof SealedBody) {
                throw new IllegalArgumentException("a sealed " + p.type() + " body needs the SK payload that "
                        + "carries its key in the same message");
            }
        }
    }

    /** A message whose header's next-payload field is set from {@code payloads}. */
    public static IsakmpMessage of(IsakmpHeader header, List<Payload> payloads) {
        PayloadType first = payloads.isEmpty() ? PayloadType.NONE : payloads.getFirst().type();
        return new IsakmpMessage(header.withNextPayload(first), payloads);
    }

    /** The first payload of {@code kind}. */
    public <T extends Payload> Optional<T> first(Class<T> kind) {
        return payloads.stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }

    /** Every payload of {@code kind}, in order. */
    public <T extends Payload> List<T> all(Class<T> kind) {
        return payloads.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
