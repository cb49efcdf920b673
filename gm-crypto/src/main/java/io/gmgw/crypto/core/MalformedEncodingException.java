package io.gmgw.crypto.core;

import java.util.regex.Pattern;

/**
 * DER, PEM or another encoding could not be decoded; the message names the structure and the offending part, in
 * words an operator can read: never a parser's class name (the parser's exception is the cause, for the log).
 */
public final class MalformedEncodingException extends GmCryptoException {
    private static final long serialVersionUID = 1L;
    /** A qualified Java class name, as Bouncy Castle's ASN.1 messages and exceptions' toString() carry them. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][\\w$]*");

    public MalformedEncodingException(String message) {
        super(message);
    }

    public MalformedEncodingException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code what}, followed by why the parser refused the input when its message says that in plain words
     * ("sequence wrong size for a certificate", "-----END CERTIFICATE----- not found"); a message that names Java
     * classes ("unknown object in getInstance: org.bouncycastle.asn1.ASN1Integer") becomes "an ASN.1 element of an
     * unexpected type".
     */
    public static MalformedEncodingException of(String what, Throwable parserFailure) {
        String why = reason(parserFailure);
        return new MalformedEncodingException(why.isEmpty() ? what : what + ": " + why, parserFailure);
    }

    /** Why a parser refused its input, as {@link #of} says it; empty when the parser did not say. */
    public static String reason(Throwable parserFailure) {
        String why = parserFailure.getMessage();
        if (why == null || why.isBlank()) {
            return "";
        }
        if (CLASS_NAME.matcher(why).find() || why.contains("getInstance")) {
            return "an ASN.1 element of an unexpected type";
        }
        return why.strip();
    }
}
