package io.gmgw.ipsec.esp.io;

import java.net.InetSocketAddress;

/**
 * Where the data plane's UDP sockets hand IKE messages: what arrived on port 500, and what arrived on port 4500 behind
 * the non-ESP marker (stripped). The SA manager implements it (today a test's loop around an
 * {@code IsakmpSession}); it is called on the data plane's receive thread and must only queue the message.
 */
@FunctionalInterface
public interface IkeDatagramHandler {
    /**
     * @param message the ISAKMP message (a copy the handler owns)
     * @param natTPort whether it came on port 4500
     * @param from the sender's address and port (after NAT, the mapped ones)
     */
    void ike(byte[] message, boolean natTPort, InetSocketAddress from);
}
