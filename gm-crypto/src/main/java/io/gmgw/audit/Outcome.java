package io.gmgw.audit;

import java.util.Locale;

/** Whether the action an audit event records succeeded. A refusal by policy is a failure with its reason. */
public enum Outcome {
    SUCCESS,
    FAILURE;

    /** The name in a record: {@code success}, {@code failure}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome of(String id) {
        for (Outcome o : values()) {
            if (o.id().equals(id)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + id + "'");
    }
}
