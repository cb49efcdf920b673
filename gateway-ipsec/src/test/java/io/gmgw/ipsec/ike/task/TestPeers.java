package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.config.ChildConfig;
import io.gmgw.ipsec.ike.config.EspProposal;
import io.gmgw.ipsec.ike.config.Phase1Config;
import io.gmgw.ipsec.ike.config.Phase1Proposal;
import io.gmgw.ipsec.ike.config.RetransmitPolicy;
import io.gmgw.ipsec.ike.config.TrafficSelector;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.profile.WireProfiles;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Configurations for two gmgw peers talking to each other in memory. */
final class TestPeers {
    static final InetSocketAddress LEFT = address("192.0.2.1");
    static final InetSocketAddress RIGHT = address("192.0.2.2");
    static final TrafficSelector LEFT_NET = TrafficSelector.parse("10.1.0.0/16");
    static final TrafficSelector RIGHT_NET = TrafficSelector.parse("10.2.0.0/16");

    private TestPeers() {
    }

    static Phase1Config phase1(boolean left, String psk, boolean natT) {
        InetSocketAddress local = left ? LEFT : RIGHT;
        InetSocketAddress remote = left ? RIGHT : LEFT;
        return new Phase1Config(WireProfiles.builtIn().require("rfc2409"),
                List.of(new Phase1Proposal(7, 256, 4, 1, 14, 3600), Phase1Proposal.aes128Sha256Modp2048Psk(7200)),
                psk.getBytes(StandardCharsets.US_ASCII), id(local), id(remote), local, remote, natT,
                RetransmitPolicy.DEFAULT);
    }

    static ChildConfig child(boolean left, int pfs, long seconds, EspProposal... proposals) {
        return new ChildConfig("net", left ? LEFT_NET : RIGHT_NET, left ? RIGHT_NET : LEFT_NET, List.of(proposals),
                pfs, seconds, 0, RetransmitPolicy.DEFAULT);
    }

    static Identification id(InetSocketAddress a) {
        return new Identification(Identification.IPV4_ADDR, 0, 0, Octets.of(a.getAddress().getAddress()));
    }

    static InetSocketAddress address(String ip) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), 500);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
