package io.gmgw.sslvpn.client;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;

/**
 * Opens the secure channel under the tunnel, whichever protocol it is (TLCP or TLS): a TCP connection to the gateway
 * whose pipeline carries plaintext {@code ByteBuf}s, then {@code application}. The secure handler fires one
 * {@link io.gmgw.sslvpn.channel.SecureChannelEvent} when its handshake ends (and sets
 * {@link io.gmgw.sslvpn.channel.SecureSession#ATTRIBUTE}), and puts each write in its own record, so that one CSTP frame
 * per write is one frame per record (cstp.md §5). Implementations keep the client's session cache, so that a
 * reconnect resumes the session where the gateway still has it.
 */
public interface SecureChannelFactory {
    /** Starts connecting; the future fails when the TCP connection cannot be made. */
    ChannelFuture open(VpnUrl url, ChannelHandler application);

    /** {@code TLCP} or {@code TLS}, for progress lines. */
    String protocolName();
}
