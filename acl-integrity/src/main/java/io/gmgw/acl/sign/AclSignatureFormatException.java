package io.gmgw.acl.sign;

/** A signature file (or audit-chain content) that is not what gmgw writes or reads: exit code 4 in the CLI. */
public final class AclSignatureFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AclSignatureFormatException(String message) {
        super(message);
    }

    public AclSignatureFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
