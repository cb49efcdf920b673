package io.gmgw.ipsec.ike.config;

import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.profile.WireProfile;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a main-mode exchange needs: the wire profile (which decides the message set: RFC 2409 pre-shared key here, the
 * GM envelope later), the proposals in our order of preference, the pre-shared key, our identity and the identity we
 * require of the peer (null: any), both addresses as the packets show them (they feed NAT-D, RFC 3947 §3.2), whether
 * we offer NAT traversal, and the retransmission policy.
 */
public record Phase1Config(WireProfile profile, List<Phase1Proposal> proposals, byte[] preSharedKey,
        Identification localId, Identification remoteId, InetSocketAddress local, InetSocketAddress remote,
        boolean natTraversal, RetransmitPolicy retransmit) {
    public Phase1Config {
        Objects.requireNonNull(profile, "profile");
        proposals = List.copyOf(proposals);
        if (proposals.isEmpty() || proposals.size() > 32) {
            throw new IllegalArgumentException("1 to 32 phase 1 proposals, not " + proposals.size());
        }
        if (profile.gm().isPresent()) {
            throw new IllegalArgumentException("profile " + profile.name() + " uses the GM envelope main mode, "
                    + "which is not implemented yet; use the rfc2409 profile");
        }
        Objects.requireNonNull(preSharedKey, "preSharedKey");
        if (preSharedKey.length == 0) {
            throw new IllegalArgumentException("the pre-shared key is empty");
        }
        preSharedKey = preSharedKey.clone();
        Objects.requireNonNull(localId, "localId");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(retransmit, "retransmit");
    }

    @Override
    public byte[] preSharedKey() {
        return preSharedKey.clone();
    }

    /** Wipes our copy of the pre-shared key. */
    public void wipe() {
        Arrays.fill(preSharedKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "Phase1Config[profile=" + profile.name() + ", proposals=" + proposals + ", local=" + local
                + ", remote=" + remote + "]";
    }
}
