package io.gmgw.sslvpn.cstp.auth;

import java.util.Map;
import java.util.Objects;

/**
 * A client's {@code <config-auth client="vpn">} message (cstp.md §2.2, §2.6).
 *
 * @param type          {@link Type#INIT} for the first request, {@link Type#AUTH_REPLY} for answers to a form
 * @param clientVersion text of {@code <version who="vpn">}, empty when absent
 * @param deviceId      text of {@code <device-id>} (linux-64, win...), empty when absent
 * @param groupSelect   text of the top-level {@code <group-select>} (openconnect's {@code --authgroup}), empty when absent
 * @param groupAccess   text of {@code <group-access>}: the URL the user typed, empty when absent
 * @param certFailed    the client said {@code <client-cert-fail/>}: it has no certificate to offer
 * @param answers       an auth-reply's {@code <auth>} children by name ({@code username}, {@code password},
 *                      {@code secondary_password}...); empty for init. Holds secrets: never log it.
 */
public record ConfigAuthRequest(Type type, String clientVersion, String deviceId, String groupSelect,
        String groupAccess, boolean certFailed, Map<String, String> answers) {
    /** The message types a client sends. */
    public enum Type {
        INIT("init"),
        AUTH_REPLY("auth-reply");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public ConfigAuthRequest {
        Objects.requireNonNull(type, "type");
        clientVersion = Objects.requireNonNullElse(clientVersion, "");
        deviceId = Objects.requireNonNullElse(deviceId, "");
        groupSelect = Objects.requireNonNullElse(groupSelect, "");
        groupAccess = Objects.requireNonNullElse(groupAccess, "");
        answers = Map.copyOf(answers);
    }

    @Override
    public String toString() {
        // Answers may hold passwords and one-time codes: only their names are shown.
        return "ConfigAuthRequest[" + type.wireName() + ", version=" + clientVersion + ", device=" + deviceId
                + ", group=" + groupSelect + ", answers=" + answers.keySet() + "]";
    }
}
