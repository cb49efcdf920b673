package io.gmgw.gateway.control;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One request as the dispatcher hands it to a handler: its type ({@code sessions.list}), the protocol version the
 * client speaks, its arguments, and what the client says about itself ({@code client}: program and pid, claimed,
 * never trusted; the kernel's word is {@link ControlPeer}). The argument readers refuse what a handler does not
 * expect with {@link ControlErrorCode#BAD_ARGUMENT}: a server must not ignore an argument it does not know (a
 * filter ignored by an older gateway could turn "disconnect these" into "disconnect all").
 */
public record ControlRequest(int version, String type, ObjectNode args, ClaimedClient client) {
    /** What the client says it is, for the log and the audit record's details; null members when it did not say. */
    public record ClaimedClient(String program, Long pid) {
    }

    public ControlRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(client, "client");
    }

    /** Refuses any argument not in {@code allowed}. */
    public void allowOnly(String... allowed) throws ControlException {
        Set<String> unknown = new TreeSet<>(args.propertyNames());
        unknown.removeAll(Set.of(allowed));
        if (!unknown.isEmpty()) {
            throw new ControlException(ControlErrorCode.BAD_ARGUMENT, type + ": unknown argument" + (unknown.size() > 1
                    ? "s " : " ") + String.join(", ", unknown) + (allowed.length == 0 ? " (it takes none)"
                    : " (it takes " + String.join(", ", allowed) + ")"));
        }
    }

    /** A text argument, or null when absent; at most {@code maxLength} characters. */
    public String optionalText(String name, int maxLength) throws ControlException {
        JsonNode v = args.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new ControlException(ControlErrorCode.BAD_ARGUMENT, type + ": argument " + name
                    + " must be a string");
        }
        String text = v.asString();
        if (text.length() > maxLength) {
            throw new ControlException(ControlErrorCode.BAD_ARGUMENT, type + ": argument " + name + " is longer than "
                    + maxLength + " characters");
        }
        return text;
    }

    /** A text argument that must be present and not blank. */
    public String text(String name, int maxLength) throws ControlException {
        String text = optionalText(name, maxLength);
        if (text == null || text.isBlank()) {
            throw new ControlException(ControlErrorCode.BAD_ARGUMENT, type + ": argument " + name + " is missing");
        }
        return text;
    }
}
