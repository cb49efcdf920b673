package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.ike.keys.IkePrf;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.payload.NatDiscovery;
import io.gmgw.ipsec.isakmp.payload.Payload;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * NAT-D (RFC 3947 §3.2): HASH(CKY-I | CKY-R | IP | port) with the negotiated hash, first for the receiver's address as
 * the sender sees it, then for the sender's own; a mismatch on either side means a NAT between us (or a peer that
 * fakes one to force UDP encapsulation).
 */
final class NatDetection {
    private NatDetection() {
    }

    static List<Payload> payloads(IkePrf prf, long ckyI, long ckyR, InetSocketAddress local,
            InetSocketAddress remote) {
        return List.of(new NatDiscovery(Octets.of(hash(prf, ckyI, ckyR, remote))),
                new NatDiscovery(Octets.of(hash(prf, ckyI, ckyR, local))));
    }

    /** Whether the peer's NAT-D payloads show a NAT between us. */
    static boolean natSeen(IkePrf prf, long ckyI, long ckyR, InetSocketAddress local, InetSocketAddress remote,
            List<NatDiscovery> received) {
        if (received.size() < 2) {
            throw new IkeNotifyException(NotifyType.PAYLOAD_MALFORMED, "NAT-T negotiated but " + received.size()
                    + " NAT-D payloads");
        }
        boolean weMoved = !Arrays.equals(received.getFirst().hash().toByteArray(), hash(prf, ckyI, ckyR, local));
        byte[] peer = hash(prf, ckyI, ckyR, remote);
        boolean peerMoved = received.subList(1, received.size()).stream()
                .noneMatch(x -> Arrays.equals(x.hash().toByteArray(), peer));
        return weMoved || peerMoved;
    }

    static byte[] hash(IkePrf prf, long ckyI, long ckyR, InetSocketAddress a) {
        byte[] port = {(byte) (a.getPort() >>> 8), (byte) a.getPort()};
        return prf.hash(ByteBuffer.allocate(8).putLong(ckyI).array(), ByteBuffer.allocate(8).putLong(ckyR).array(),
                a.getAddress().getAddress(), port);
    }
}
