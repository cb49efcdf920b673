package io.gmgw.interop.tlcp;

/**
 * A peer program did not do what the harness waited for (no READY line in time, exited early, timed out, could not
 * start). The message names the peer, its command and the tail of what it printed, so a failing test shows why.
 */
public final class PeerFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeerFailedException(String message) {
        super(message);
    }

    public PeerFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
