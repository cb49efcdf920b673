package io.gmgw.sslvpn.tlcp.handshake;

/** A TLCP handshake in one role: fed the peer's messages in order, it answers through its {@link HandshakeOutput}. */
public sealed interface Handshake permits ServerHandshake, ClientHandshake {
    /** Client: sends ClientHello. Server: nothing (it waits for one). */
    void start();

    /** A handshake message from the peer (reassembled, not yet hashed). */
    void receive(RawHandshake message);

    /** The peer's ChangeCipherSpec arrived and its read cipher is now active. */
    void changeCipherSpecReceived();

    /** The state name, for logs and timeouts. */
    String state();

    /** Wipes secrets held by an unfinished handshake. */
    void abandon();
}
