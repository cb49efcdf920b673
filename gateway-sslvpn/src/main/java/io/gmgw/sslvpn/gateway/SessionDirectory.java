package io.gmgw.sslvpn.gateway;

import java.util.List;
import java.util.Optional;

/** Read-only view of the live tunnels, for the control socket. Snapshots; safe from any thread. */
public interface SessionDirectory {
    List<SessionInfo> list();

    Optional<SessionInfo> find(String sessionId);

    /** Live tunnels of {@code user}. */
    int countOf(String user);
}
