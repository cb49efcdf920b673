package io.gmgw.sslvpn.tlcp.netty;

import io.gmgw.sslvpn.tlcp.TlcpSession;

/** Fired down the pipeline when the TLCP handshake ends: with the session, or with the failure. */
public record TlcpHandshakeCompletionEvent(TlcpSession session, Throwable cause) {
    public boolean isSuccess() {
        return cause == null;
    }
}
