package io.gmgw.ipsec.profile;

/** A wire profile that does not exist or does not parse; the message says which and what to do. */
public final class WireProfileException extends RuntimeException {
    public WireProfileException(String message) {
        super(message);
    }
}
