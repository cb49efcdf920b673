package io.gmgw.gateway.control;

/**
 * The error codes of a refused request ({@code "error":{"code":...}}), stable names that clients match on. A client
 * must treat a code it does not know as a failure of the request: new codes may appear within a protocol version.
 * docs/control-api.md lists them; a test keeps that table and this enum equal.
 */
public enum ControlErrorCode {
    BAD_REQUEST("the line is not a request: not JSON, not an object, a member missing or of the wrong type; the "
            + "server closes the connection after this reply"),
    REQUEST_TOO_LARGE("the request line is longer than the server accepts; the server closes the connection"),
    VERSION_UNSUPPORTED("the request's protocol version is not one the server speaks; the error's details name "
            + "the versions it does"),
    UNKNOWN_REQUEST("the server has no request type of that name (it may be older than the client: ask hello)"),
    BAD_ARGUMENT("an argument is missing, unknown, of the wrong type or out of range"),
    NO_SUCH_SESSION("no session has the ID given"),
    NO_SUCH_USER("the user named has no session"),
    NOT_PERMITTED("the peer's user may not use the control socket"),
    BUSY("the server serves as many clients as it allows; try again"),
    AUDIT_UNAVAILABLE("the action was done but its audit record could not be written; see the gateway's log"),
    INTERNAL("the gateway failed to answer (a bug): its log has the details");

    private final String meaning;

    ControlErrorCode(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
