package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Payload;
import java.time.Instant;
import java.util.List;

/**
 * What differs between main-mode message sets behind the one {@link MainModeTask}: the RFC 2409 pre-shared-key set
 * ({@link PreSharedKeyMessages}: KE, nonce, NAT-D) and the GM digital envelope ({@link EnvelopeMessages}: both
 * certificates, SK, sealed nonce and ID, SIG; ipsec.md §2). The task does messages 1/2 (SA), 5/6 (HASH_I/HASH_R
 * under the keys) and everything around them; a message set adds payloads to messages 1/2, builds and reads messages
 * 3/4, and installs the keys ({@link MainModeState#install}) once it has what they are made of. Each method may throw
 * {@code IkeNotifyException} (or {@link PeerAuthenticationException}) to refuse a message.
 */
interface MainModeMessages {
    /** Initiator: payloads after SA (and the NAT-T vendor ID) in message 1. */
    List<Payload> afterFirstSa();

    /** Responder, message 1 read and the transform chosen: payloads after SA in message 2. */
    List<Payload> afterSecondSa();

    /** Initiator: reads message 2's payloads besides SA and vendor IDs. */
    void readSecond(IsakmpMessage m, Instant now);

    /** Initiator: message 3. */
    List<Payload> third(Instant now);

    /** Responder: reads message 3, installs the keys and builds message 4. */
    List<Payload> fourth(IsakmpMessage m, Instant now);

    /** Initiator: reads message 4 and installs the keys. */
    void readFourth(IsakmpMessage m, Instant now);

    /**
     * Whether messages 5/6 carry the ID before the HASH (RFC 2409); false where the IDs travelled in messages 3/4
     * (the envelope: 5/6 are HASH_I/HASH_R alone, ipsec.md §2) and {@link #peerIdentity()} gives the peer's.
     */
    boolean identitiesInFinalMessages();

    /** The peer's ID read in messages 3/4 (null where it comes in 5/6). */
    io.gmgw.ipsec.isakmp.payload.Identification peerIdentity();

    /** The g^xi that HASH_I/HASH_R cover after SKEYID (RFC 2409 §5); empty where there is none (the envelope). */
    byte[] hashedInitiatorValue();

    /** The g^xr counterpart of {@link #hashedInitiatorValue()}. */
    byte[] hashedResponderValue();

    /** What a HASH_I/HASH_R mismatch most likely means, for the log. */
    String hashMismatchHint();

    /** Wipes what the message set keeps (DH secret, Sk values); called when main mode ends either way. */
    void wipe();
}
