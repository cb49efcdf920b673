package io.gmgw.ipsec.ike.config;

import java.util.List;
import java.util.Objects;

/**
 * A CHILD SA to negotiate in quick mode: its name, the local and remote subnets, ESP proposals in our order of
 * preference, the PFS group (0: no KE in quick mode, RFC 2409 §5.5), lifetimes (seconds; kilobytes, 0 = none) and
 * the retransmission policy. As responder the proposed lifetime is cut to ours with a RESPONDER-LIFETIME notify
 * (RFC 2407 §4.6.3.1).
 */
public record ChildConfig(String name, TrafficSelector local, TrafficSelector remote, List<EspProposal> proposals,
        int pfsGroup, long lifetimeSeconds, long lifetimeKilobytes, RetransmitPolicy retransmit) {
    public ChildConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        proposals = List.copyOf(proposals);
        if (proposals.isEmpty() || proposals.size() > 32) {
            throw new IllegalArgumentException("1 to 32 ESP proposals, not " + proposals.size());
        }
        if (pfsGroup != 0 && pfsGroup != io.gmgw.ipsec.isakmp.Phase1Attributes.GROUP_MODP_2048) {
            throw new IllegalArgumentException("PFS group 0 (none) or 14 (MODP-2048), not " + pfsGroup);
        }
        if (lifetimeSeconds < 60 || lifetimeSeconds > 0xffff_ffffL || lifetimeKilobytes < 0
                || lifetimeKilobytes > 0xffff_ffffL) {
            throw new IllegalArgumentException("child lifetime 60 s to 2^32-1 s and 0 to 2^32-1 KiB");
        }
        Objects.requireNonNull(retransmit, "retransmit");
    }
}
