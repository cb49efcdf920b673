/**
 * The secure channel under the tunnel, whichever protocol carries it: {@link io.gmgw.sslvpn.channel.SecureSession}
 * (what an established TLCP or TLS channel tells the layer above) and the event that announces it; the
 * {@link io.gmgw.sslvpn.channel.ProtocolSniffer} that tells TLCP from TLS by the first record header and hands the
 * connection to the handler it is given for each; the {@link io.gmgw.sslvpn.channel.HandshakeRateLimitHandler} at
 * the head of a listener's pipeline. The tunnel layer depends on this package, never on {@code tlcp} or {@code tls};
 * this package depends on neither ({@code listener} wires them in).
 */
package io.gmgw.sslvpn.channel;
