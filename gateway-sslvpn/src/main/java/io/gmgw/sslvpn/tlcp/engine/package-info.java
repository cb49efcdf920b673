/**
 * The sans-I/O TLCP engine: bytes and events in, bytes and events out, no sockets, threads or clocks. It sits above
 * the record layer ({@code tlcp.record}), the message codecs ({@code tlcp.message}) and the handshake state machines
 * ({@code tlcp.handshake}), which take their configuration from the API package {@code tlcp}; none of them uses the
 * engine. {@code tlcp.netty} wraps it for Netty. {@link io.gmgw.sslvpn.tlcp.engine.TlcpEngine} is the one public
 * class; its handshake side and its alert side are package-private parts of it.
 */
package io.gmgw.sslvpn.tlcp.engine;
