package io.gmgw.gateway.policy;

/** A line of a group's ACL that gmgw cannot enforce as written; the loader names the file around it. */
final class AclSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;

    AclSyntaxException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** The 1-based line, 0 when the problem is the file as a whole. */
    int line() {
        return line;
    }
}
