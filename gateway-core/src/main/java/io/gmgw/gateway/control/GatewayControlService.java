package io.gmgw.gateway.control;

import java.util.List;
import java.util.Optional;

/**
 * What the gateway answers on its control socket, implemented by the gateway itself (the SSL VPN server; the IPsec
 * gateway adds its own requests beside these). {@link GatewayRequests} registers it as the handlers of
 * {@code status} and {@code sessions.*}. Called from control-connection threads, several at once: an implementation
 * reads its state in a thread-safe way and returns snapshots, never live objects.
 */
public interface GatewayControlService {

    /** The gateway's state now. */
    GatewayStatus status();

    /** Every established session, oldest first. */
    List<SessionView> sessions();

    /** The session with this ID, if there is one. */
    Optional<SessionView> session(String id);

    /**
     * Ends the sessions {@code which} names: each client is told (a CSTP disconnect frame carrying {@code reason}),
     * its address goes back to the pool, its session-end audit event is written as for any other end.
     *
     * @param reason   why, in the operator's words (never null; {@link GatewayRequests} fills in a default)
     * @param operator who asked, as the kernel identified them
     * @return the sessions ended, as they were just before; empty when none matched
     */
    List<SessionView> disconnect(SessionSelector which, String reason, ControlPeer operator);
}
