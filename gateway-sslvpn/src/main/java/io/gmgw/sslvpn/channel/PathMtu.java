package io.gmgw.sslvpn.channel;

import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.OptionalInt;

/**
 * The link MTU of a connected TCP socket's path, as far as this host knows it: the MTU of the interface that holds
 * the socket's local address. openconnect reads Linux's {@code TCP_INFO} path MTU (cstp.md §7), which starts at the
 * outgoing route's interface MTU and only drops below it after an ICMP "fragmentation needed"; the JDK's NIO
 * channels expose neither {@code TCP_INFO} nor {@code TCP_MAXSEG}, while the interface is reachable through
 * {@link NetworkInterface}. A gateway that knows a smaller path still takes the minimum (its own rule, §7).
 */
public final class PathMtu {
    private PathMtu() {
    }

    /** The MTU for a socket bound to {@code local}; empty when it is not an IP socket or no interface holds it. */
    public static OptionalInt of(SocketAddress local) {
        if (!(local instanceof InetSocketAddress a) || a.getAddress() == null || a.getAddress().isAnyLocalAddress()) {
            return OptionalInt.empty();
        }
        try {
            NetworkInterface nif = NetworkInterface.getByInetAddress(a.getAddress());
            int mtu = nif == null ? -1 : nif.getMTU();
            return mtu > 0 ? OptionalInt.of(mtu) : OptionalInt.empty();
        } catch (SocketException e) {
            return OptionalInt.empty();
        }
    }
}
