package io.gmgw.gateway.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * {@code listen}: the one TCP listener that takes both TLCP and TLS (the first record tells which): the addresses to
 * bind, the port, and how long a connection may take from accept to the end of its handshake.
 */
public record ListenSettings(List<InetAddress> addresses, int port, Duration handshakeTimeout) {
    public ListenSettings {
        addresses = List.copyOf(addresses);
    }
}
