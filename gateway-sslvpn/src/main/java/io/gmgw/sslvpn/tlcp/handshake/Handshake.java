package io.gmgw.sslvpn.tlcp.handshake;

import io.gmgw.sslvpn.tlcp.message.RawHandshake;

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

    /**
     * A problem this side noticed but must not reveal before the handshake fails on its own (the ECC pre-master
     * countermeasure), to be added to the local message of that failure; null when there is none.
     */
    default String withheldProblem() {
        return null;
    }

    /**
     * The session ID of this connection once ServerHello agreed on one (new, or the one being resumed); empty before
     * that or when the server gave none.
     */
    byte[] sessionId();

    /** Wipes secrets held by an unfinished handshake. */
    void abandon();
}
