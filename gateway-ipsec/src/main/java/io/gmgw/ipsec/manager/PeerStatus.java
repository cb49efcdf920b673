package io.gmgw.ipsec.manager;

import java.time.Instant;
import java.util.List;

/**
 * A peer for {@code gmgw ipsec status}: its ISAKMP and CHILD SAs, the last R-U-THERE-ACK (or null), how many
 * R-U-THERE are unanswered.
 */
public record PeerStatus(String name, String remote, List<IkeSaStatus> ikeSas, List<ChildSaStatus> children,
        Instant lastDpdAck, int dpdOutstanding) {
    public PeerStatus {
        ikeSas = List.copyOf(ikeSas);
        children = List.copyOf(children);
    }
}
