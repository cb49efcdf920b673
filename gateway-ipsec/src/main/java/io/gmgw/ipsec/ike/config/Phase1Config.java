package io.gmgw.ipsec.ike.config;

import io.gmgw.ipsec.ike.keys.IkePrf;
import io.gmgw.ipsec.isakmp.Phase1Attributes;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.profile.WireProfile;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a main-mode exchange needs: the wire profile (which decides the message set: the RFC 2409 pre-shared key under
 * a version 0x10 profile, the GM digital envelope with double certificates under a 0x11 one), the proposals in our
 * order of preference, the pre-shared key (RFC 2409) or the envelope credentials (GM), our identity and the identity we
 * require of the peer (null: any), both addresses as the packets show them (they feed NAT-D, RFC 3947 §3.2), whether
 * we offer NAT traversal, and the retransmission policy.
 */
public record Phase1Config(WireProfile profile, List<Phase1Proposal> proposals, byte[] preSharedKey,
        EnvelopeCredentials envelopeCredentials, Identification localId, Identification remoteId,
        InetSocketAddress local, InetSocketAddress remote, boolean natTraversal, RetransmitPolicy retransmit) {
    /** The RFC 2409 pre-shared-key main mode. */
    public Phase1Config(WireProfile profile, List<Phase1Proposal> proposals, byte[] preSharedKey,
            Identification localId, Identification remoteId, InetSocketAddress local, InetSocketAddress remote,
            boolean natTraversal, RetransmitPolicy retransmit) {
        this(profile, proposals, preSharedKey, null, localId, remoteId, local, remote, natTraversal, retransmit);
    }

    /** The GM digital-envelope main mode (a version 0x11 profile, ipsec.md §2). */
    public static Phase1Config envelope(WireProfile profile, List<Phase1Proposal> proposals,
            EnvelopeCredentials credentials, Identification localId, Identification remoteId,
            InetSocketAddress local, InetSocketAddress remote, boolean natTraversal, RetransmitPolicy retransmit) {
        return new Phase1Config(profile, proposals, new byte[0], Objects.requireNonNull(credentials, "credentials"),
                localId, remoteId, local, remote, natTraversal, retransmit);
    }

    public Phase1Config {
        Objects.requireNonNull(profile, "profile");
        proposals = List.copyOf(proposals);
        if (proposals.isEmpty() || proposals.size() > 32) {
            throw new IllegalArgumentException("1 to 32 phase 1 proposals, not " + proposals.size());
        }
        boolean gm = profile.gm().isPresent();
        if (gm != (envelopeCredentials != null)) {
            throw new IllegalArgumentException(gm ? "profile " + profile.name() + " uses the GM digital envelope: "
                    + "give the double certificate and its keys (Phase1Config.envelope)" : "profile " + profile.name()
                    + " is RFC 2409 with a pre-shared key; the digital envelope needs a GM (0x11) profile");
        }
        for (Phase1Proposal p : proposals) {
            if (p.gmEnvelope() != gm) {
                throw new IllegalArgumentException("proposal " + p + " does not fit profile " + profile.name()
                        + (gm ? ": a GM profile negotiates SM4/SM3/SM2 envelope (Phase1Proposal.sm4Sm3Sm2Envelope)"
                                : ": an RFC 2409 profile negotiates AES/SHA-2/MODP with a pre-shared key"));
            }
        }
        Objects.requireNonNull(preSharedKey, "preSharedKey");
        if (!gm && preSharedKey.length == 0) {
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

    /** The envelope credentials, present exactly under a GM profile. */
    public Optional<EnvelopeCredentials> envelope() {
        return Optional.ofNullable(envelopeCredentials);
    }

    /** The PRF of {@code p}: HMAC-SM3 in the envelope's crypto module, else the proposal's JCA PRF. */
    public IkePrf prf(Phase1Proposal p) {
        if (p.hash() == Phase1Attributes.HASH_SM3) {
            return IkePrf.sm3(envelope().orElseThrow(() -> new IllegalStateException("SM3 without a GM profile"))
                    .module().sm3());
        }
        return p.prf();
    }

    /** Wipes our copy of the pre-shared key. */
    public void wipe() {
        Arrays.fill(preSharedKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "Phase1Config[profile=" + profile.name() + ", proposals=" + proposals + ", local=" + local
                + ", remote=" + remote + (envelopeCredentials == null ? "" : ", " + envelopeCredentials) + "]";
    }
}
