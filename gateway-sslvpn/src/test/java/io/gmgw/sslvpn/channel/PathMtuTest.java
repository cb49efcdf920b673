package io.gmgw.sslvpn.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The base MTU openconnect would measure (cstp.md §7). */
class PathMtuTest {
    @Test
    void aConnectedLoopbackSocketHasTheLoopbackInterfacesMtu() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1, lo); Socket s = new Socket(lo, server.getLocalPort())) {
            OptionalInt mtu = PathMtu.of(s.getLocalSocketAddress());
            assertTrue(mtu.isPresent());
            assertEquals(NetworkInterface.getByInetAddress(lo).getMTU(), mtu.getAsInt());
        }
    }

    @Test
    void noIpPathNoMtu() {
        assertTrue(PathMtu.of(UnixDomainSocketAddress.of("/tmp/x")).isEmpty());
        assertTrue(PathMtu.of(new InetSocketAddress(0)).isEmpty(), "an unbound socket has no interface yet");
        assertTrue(PathMtu.of(null).isEmpty());
    }
}
