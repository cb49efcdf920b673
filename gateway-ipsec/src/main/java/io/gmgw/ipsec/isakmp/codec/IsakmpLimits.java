package io.gmgw.ipsec.isakmp.codec;

/**
 * The decoder's hard limits. Nesting is fixed by the protocol (SA, proposal, transform, attribute: no recursion), so
 * the work per message is bounded by these counts and the message length.
 *
 * @param maxMessageLength largest message accepted, header included (default 64 KiB; UDP carries at most 65507)
 * @param maxPayloads top-level payloads per message (strongSwan's main mode sends up to 8, with certificates ~10)
 * @param maxProposals proposal payloads per SA
 * @param maxTransforms transform payloads per proposal
 * @param maxAttributes data attributes per transform
 * @param maxDeleteSpis SPIs per delete payload
 */
public record IsakmpLimits(int maxMessageLength, int maxPayloads, int maxProposals, int maxTransforms,
        int maxAttributes, int maxDeleteSpis) {
    public static final IsakmpLimits DEFAULT = new IsakmpLimits(64 * 1024, 32, 32, 64, 32, 256);

    public IsakmpLimits {
        if (maxMessageLength < 28) {
            throw new IllegalArgumentException("maxMessageLength below the 28-byte header: " + maxMessageLength);
        }
        if (maxPayloads < 1 || maxProposals < 1 || maxTransforms < 1 || maxAttributes < 1 || maxDeleteSpis < 1) {
            throw new IllegalArgumentException("every ISAKMP limit is at least 1: " + this);
        }
    }
}
