package io.gmgw.crypto;

/** DER, PEM or another encoding could not be decoded; the message names the structure and the offending part. */
public final class MalformedEncodingException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    public MalformedEncodingException(String message) {
        super(message);
    }

    public MalformedEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
