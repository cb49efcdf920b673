package io.gmgw.ipsec.profile;

import io.gmgw.ipsec.isakmp.IsakmpHeader;
import java.util.Objects;
import java.util.Optional;

/**
 * One wire profile: every number and encoding on which the public descriptions of GB/T 36968 / GM/T 0022 disagree,
 * or which differs between the GM peers and RFC 2409 peers, in one place (ipsec.md: "keep every wire number in ONE
 * table"). Agreed numbers live with the codec ({@code io.gmgw.ipsec.isakmp.Phase1Attributes},
 * {@code IpsecAttributes}). Profiles are data files ({@link WireProfiles}), chosen by name in the configuration.
 *
 * @param name the name configuration uses ({@code gm-2014}, {@code gm-2023}, {@code rfc2409}, or a file's)
 * @param description one line for listings
 * @param isakmpVersion the header's version byte sent and expected: 0x11 GM, 0x10 RFC 2409
 * @param gm the GM numbers; absent for the RFC 2409 profile (no envelope, no SM algorithms)
 * @param quickModeHash what HASH(1)/HASH(2) cover
 */
public record WireProfile(String name, String description, int isakmpVersion, Optional<GmWireNumbers> gm,
        QuickModeHashInput quickModeHash) {
    public WireProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(gm, "gm");
        Objects.requireNonNull(quickModeHash, "quickModeHash");
        if (isakmpVersion != IsakmpHeader.VERSION_GM && isakmpVersion != IsakmpHeader.VERSION_RFC2409) {
            throw new WireProfileException("profile " + name + ": ISAKMP version 0x11 (GM) or 0x10 (RFC 2409), not 0x"
                    + Integer.toHexString(isakmpVersion));
        }
        if (gm.isPresent() != (isakmpVersion == IsakmpHeader.VERSION_GM)) {
            throw new WireProfileException("profile " + name + ": the GM numbers go with version 0x11 and only there");
        }
        if (gm.isPresent() == (quickModeHash == QuickModeHashInput.RFC2409_WIRE_ORDER)) {
            throw new WireProfileException("profile " + name + ": a GM profile hashes quick mode in GM order, an "
                    + "RFC 2409 profile in wire order");
        }
    }

    /** The GM numbers, for code that only runs under a GM profile. */
    public GmWireNumbers requireGm() {
        return gm.orElseThrow(() -> new WireProfileException("profile " + name
                + " is an RFC 2409 profile: it has no GM numbers"));
    }
}
