package io.gmgw.sslvpn.tlcp.netty;

/**
 * Fired, just before channelInactive, when the peer closed the TCP connection of an established TLCP connection
 * without sending close_notify first (GM/T 0024 §6.3.3.1, as RFC 4346 §7.2.1): the last data it sent may have been cut
 * short, by the peer crashing or by someone in the path ending the connection. Not fired when we closed first.
 * {@code afterOurCloseNotify}: we had already sent our close_notify (half-close), so the peer may simply not have
 * answered it, as some implementations do not.
 */
public record TlcpTruncationEvent(String peer, boolean afterOurCloseNotify) {
    /** What an operator reads: who closed, and what it means. */
    public String message() {
        return "the peer " + peer + " closed the connection without close_notify: the data it sent last may be cut"
                + " short";
    }
}
