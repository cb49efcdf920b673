package io.gmgw.ipsec.profile;

/**
 * What quick mode's HASH(1) and HASH(2) are computed over (after the message id), ipsec.md §4.
 */
public enum QuickModeHashInput {
    /**
     * RFC 2409 §5.5: every payload after the HASH payload, each with its generic header, in wire order (SA, Ni, [KE],
     * [IDci, IDcr]).
     */
    RFC2409_WIRE_ORDER,
    /** GM order: Ni_b first, then the SA payload WITH its generic header, then [IDci | IDcr]. */
    GM_NONCE_FIRST_SA_WITH_HEADER,
    /** GM order: Ni_b first, then the SA body WITHOUT its generic header, then [IDci | IDcr]. */
    GM_NONCE_FIRST_SA_BODY
}
