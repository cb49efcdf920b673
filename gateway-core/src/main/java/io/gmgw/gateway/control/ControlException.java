package io.gmgw.gateway.control;

import java.util.Map;
import java.util.Objects;

/**
 * A refused request: the error code a client matches on, a message for a person (what, and what to do next), and
 * details (absent when empty). Handlers throw it; {@link ControlClient} throws it for an error reply.
 */
public class ControlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final transient Map<String, Object> details;

    public ControlException(ControlErrorCode code, String message) {
        this(code.name(), message, Map.of());
    }

    public ControlException(ControlErrorCode code, String message, Map<String, Object> details) {
        this(code.name(), message, details);
    }

    /** As a client reads it: the code as sent, which may be one this build does not know. */
    public ControlException(String code, String message, Map<String, Object> details) {
        super(Objects.requireNonNull(message, "message"));
        this.code = Objects.requireNonNull(code, "code");
        this.details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    /** The code as sent. */
    public String code() {
        return code;
    }

    /** The code if this build knows it, else null. */
    public ControlErrorCode knownCode() {
        for (ControlErrorCode c : ControlErrorCode.values()) {
            if (c.name().equals(code)) {
                return c;
            }
        }
        return null;
    }

    public Map<String, Object> details() {
        return details;
    }
}
