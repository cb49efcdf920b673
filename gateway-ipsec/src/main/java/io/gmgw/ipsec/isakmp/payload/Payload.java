package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * A top-level ISAKMP payload (RFC 2408 §3.2 onwards): an immutable record that owns no buffer. Proposals and
 * transforms are not here: they only occur inside a {@link SecurityAssociation}.
 */
public sealed interface Payload permits SecurityAssociation, KeyExchange, Identification, Certificate,
        CertificateRequest, Hash, Signature, Nonce, Notification, Delete, VendorId, NatDiscovery, NatOriginalAddress,
        SymmetricKey, SealedBody {
    PayloadType type();
}
