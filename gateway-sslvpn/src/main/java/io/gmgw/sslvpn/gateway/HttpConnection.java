package io.gmgw.sslvpn.gateway;

import io.gmgw.sslvpn.channel.PathMtu;
import io.gmgw.sslvpn.channel.SecureSession;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * One connection in its HTTP phase as the exchanges on it ({@link LoginExchange}, {@link ConnectExchange}) see it:
 * who is at the other end and the ways to answer. {@link GatewayConnectionHandler} is the one implementation.
 */
interface HttpConnection {
    /** The peer's IP address. */
    InetAddress source();

    /** The peer's socket address. */
    InetSocketAddress remoteAddress();

    /** The connection's path MTU as this host knows it ({@link PathMtu}), empty when unknown. */
    OptionalInt pathMtu();

    /** The secure channel's session: the client certificate, suite and protocol. */
    SecureSession session();

    /** The peer as log lines name it. */
    String peer();

    /** Sends {@code response}; the connection stays open for the next request. */
    void reply(FullHttpResponse response);

    /** Sends {@code response}, then closes the connection. */
    void replyAndClose(FullHttpResponse response);

    /**
     * Reads no further request until {@code stage} completes, then runs {@code then} with its value (null when it
     * failed, with {@code failure}) on the connection's event loop. A request that arrives meanwhile is refused.
     */
    <T> void resumeWhen(CompletionStage<T> stage, BiConsumer<T, Throwable> then);

    /** The CONNECT reply is on its way: the channel becomes {@code tunnel}'s, with framing sized for {@code mtu}. */
    void handOver(CstpTunnelHandler tunnel, TunnelMtu mtu);
}
