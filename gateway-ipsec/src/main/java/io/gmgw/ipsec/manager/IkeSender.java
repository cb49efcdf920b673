package io.gmgw.ipsec.manager;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Where the driver sends IKE datagrams: {@code EspUdpDataPlane::sendIke} (marker added on port 4500). */
@FunctionalInterface
public interface IkeSender {
    void send(byte[] datagram, boolean natTPort, InetSocketAddress to) throws IOException;
}
