package io.gmgw.gateway.control;

import java.util.Objects;

/**
 * Who is on the other end of a control connection, as the kernel tells it (SO_PEERCRED), not as the client claims.
 *
 * @param user  the peer process's user name (its uid in decimal when the system has no name for it)
 * @param uid   the numeric user id, or -1 where it cannot be told (see {@link PeerCredentials})
 * @param group the peer's primary group name
 */
public record ControlPeer(String user, long uid, String group) {
    public ControlPeer {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
    }

    @Override
    public String toString() {
        return user + (uid >= 0 ? " (uid " + uid + ")" : "");
    }
}
