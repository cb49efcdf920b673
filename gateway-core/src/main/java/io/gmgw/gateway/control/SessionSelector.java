package io.gmgw.gateway.control;

import java.util.Objects;

/** Which sessions {@code sessions.disconnect} ends: one by its ID, or every session of a user. */
public sealed interface SessionSelector {
    record ById(String id) implements SessionSelector {
        public ById {
            Objects.requireNonNull(id, "id");
        }
    }

    record ByUser(String user) implements SessionSelector {
        public ByUser {
            Objects.requireNonNull(user, "user");
        }
    }
}
