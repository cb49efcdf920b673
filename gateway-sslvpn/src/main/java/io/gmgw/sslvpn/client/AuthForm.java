package io.gmgw.sslvpn.client;

import java.util.List;
import java.util.Optional;

/**
 * A login form the gateway sent ({@code config-auth type="auth-request"}, cstp.md §2.3): the {@code <auth id>}, the
 * texts to show, where to post the answer, the inputs and selects, and the Cisco-style {@code <opaque>} element that
 * goes back verbatim in the reply. Certificate login never sees one from ocserv or gmgw; a second factor (OTP) does.
 */
public record AuthForm(String id, String title, String banner, String message, String error, String action,
        List<Input> inputs, List<Select> selects, String opaqueXml) {

    public AuthForm {
        inputs = List.copyOf(inputs);
        selects = List.copyOf(selects);
    }

    /** One {@code <input>}; {@code type} is text, password or hidden (submit/reset are dropped when parsing). */
    public record Input(String type, String name, String label, String value) {
        public boolean isPassword() {
            return "password".equals(type);
        }

        public boolean isHidden() {
            return "hidden".equals(type);
        }
    }

    public record Option(String value, String label) {
    }

    /** A {@code <select>}; {@code group_list} is the auth-group chooser (cstp.md §2.3). */
    public record Select(String name, String label, List<Option> options) {
        public Select {
            options = List.copyOf(options);
        }

        public boolean isGroupList() {
            return "group_list".equals(name);
        }
    }

    /** The auth-group chooser, if the form has one. */
    public Optional<Select> groupList() {
        return selects.stream().filter(Select::isGroupList).findFirst();
    }

    /** The inputs the user (or a {@link FormAnswerer}) has to fill: all but the hidden ones. */
    public List<Input> visibleInputs() {
        return inputs.stream().filter(i -> !i.isHidden()).toList();
    }
}
