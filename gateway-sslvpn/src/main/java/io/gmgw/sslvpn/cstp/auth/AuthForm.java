package io.gmgw.sslvpn.cstp.auth;

import java.util.List;
import java.util.Objects;

/**
 * An {@code auth-request} form the gateway sends when a login needs more than the certificate (cstp.md §2.3): the
 * dynamic-token step asks for a code with it. openconnect needs the {@code <auth>} element and a POST form whose
 * action is not empty; {@code --form-entry=ID:NAME=VALUE} addresses inputs by {@link #id} and input name.
 *
 * @param id      the {@code <auth id>} (e.g. {@code otp-verification}); openconnect's AUTHID
 * @param message shown to the user, may be empty
 * @param error   shown as an error (a wrong code), may be empty
 * @param action  where the answer is POSTed, e.g. {@code /auth}
 * @param inputs  the fields asked for, in order
 * @param groups  the {@code group_list} choices, empty for none
 */
public record AuthForm(String id, String message, String error, String action, List<Input> inputs,
        List<String> groups) {
    /** One {@code <input>}: {@code type} is text, password or hidden. */
    public record Input(String type, String name, String label, String value) {
        public Input {
            if (!List.of("text", "password", "hidden").contains(type)) {
                throw new IllegalArgumentException("form input type must be text, password or hidden, not " + type);
            }
            Objects.requireNonNull(name, "name");
            label = Objects.requireNonNullElse(label, "");
            value = Objects.requireNonNullElse(value, "");
        }
    }

    public AuthForm {
        Objects.requireNonNull(id, "id");
        message = Objects.requireNonNullElse(message, "");
        error = Objects.requireNonNullElse(error, "");
        if (action == null || action.isEmpty()) {
            throw new IllegalArgumentException("a form's action must not be empty (openconnect refuses it)");
        }
        inputs = List.copyOf(inputs);
        groups = List.copyOf(groups);
    }
}
