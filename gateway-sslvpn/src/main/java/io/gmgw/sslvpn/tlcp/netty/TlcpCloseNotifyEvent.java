package io.gmgw.sslvpn.tlcp.netty;

/**
 * Fired when the peer's close_notify arrives: it will send nothing more. With half-close enabled the channel stays
 * open so the application can still send (and then close, which sends our close_notify).
 */
public record TlcpCloseNotifyEvent() {
}
