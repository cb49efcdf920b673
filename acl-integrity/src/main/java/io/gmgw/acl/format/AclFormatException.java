package io.gmgw.acl.format;

/** An ACL file that is not in a format gmgw reads, or not well-formed in its format (exit code 4 in the CLI). */
public final class AclFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AclFormatException(String message) {
        super(message);
    }

    public AclFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
