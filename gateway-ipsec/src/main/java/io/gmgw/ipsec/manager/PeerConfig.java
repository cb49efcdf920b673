package io.gmgw.ipsec.manager;

import io.gmgw.ipsec.ike.config.ChildConfig;
import io.gmgw.ipsec.ike.config.Phase1Config;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One configured IPsec peer, a plain record for the gateway's YAML binder: its name, phase 1 (profile, proposals,
 * credentials, identities, both addresses, NAT-T, retransmission), the CHILD SAs to set up with it, when to rekey,
 * dead peer detection and the start action.
 */
public record PeerConfig(String name, Phase1Config phase1, List<ChildConfig> children, RekeyPolicy rekey,
        DpdPolicy dpd, StartAction startAction) {
    public PeerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phase1, "phase1");
        children = List.copyOf(children);
        Objects.requireNonNull(rekey, "rekey");
        Objects.requireNonNull(dpd, "dpd");
        Objects.requireNonNull(startAction, "startAction");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a peer needs a name");
        }
        var names = new HashSet<String>();
        for (ChildConfig c : children) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("peer " + name + ": two CHILD SAs named " + c.name());
            }
        }
    }
}
