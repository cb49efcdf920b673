package io.gmgw.sslvpn.tlcp.protocol;

/**
 * The server's certificate does not carry the name the client expected (RFC 6125): a {@code bad_certificate} alert
 * of its own type, so that a client program can tell the operator how to name the server.
 */
public final class ServerNameMismatchException extends TlcpAlertException {
    private static final long serialVersionUID = 1L;

    public ServerNameMismatchException(String message) {
        super(AlertDescription.BAD_CERTIFICATE, message);
    }
}
