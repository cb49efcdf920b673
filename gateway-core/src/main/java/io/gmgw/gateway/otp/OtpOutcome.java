package io.gmgw.gateway.otp;

/** What a verification found. Only {@link #ACCEPTED} lets a user in; the rest get the same answer on the wire. */
public enum OtpOutcome {
    /** The password is right and new; the state moved past it. */
    ACCEPTED,
    /** No password in the window matches (or it is not N digits). Counted as a failure. */
    WRONG,
    /** The password matches one already accepted (or an older step). Counted as a failure. */
    REPLAYED,
    /** This failure was the last one allowed: the token is now locked. */
    LOCKED_OUT,
    /** The token was already locked; nothing was computed and nothing counted. */
    LOCKED,
    /**
     * The password was right, but the token's new state could not be written durably, so the login is refused (fail
     * closed): letting it in unsaved would let the same password in again after a crash.
     */
    STATE_NOT_SAVED
}
