package io.gmgw.ipsec.manager;

/** What the SA manager does with a peer when it starts (strongSwan's start_action; trap-on-traffic comes later). */
public enum StartAction {
    /** Wait for the peer, or for an operator's {@code up}. */
    NONE,
    /** Initiate main mode and every CHILD SA at once, and again after the peer was declared dead. */
    START
}
