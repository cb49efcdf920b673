package io.gmgw.sslvpn.cstp.auth;

/** A login message that is not one the gateway accepts: malformed XML, a DTD, too large, the wrong root or type. */
public final class AuthXmlException extends Exception {
    public AuthXmlException(String message) {
        super(message);
    }

    public AuthXmlException(String message, Throwable cause) {
        super(message, cause);
    }
}
