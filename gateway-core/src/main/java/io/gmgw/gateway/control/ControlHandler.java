package io.gmgw.gateway.control;

/**
 * Answers one request type. Runs on a control-connection thread, one request of a connection at a time but requests
 * of several connections at once: what it reads of the gateway's state must be safe to read from another thread.
 */
@FunctionalInterface
public interface ControlHandler {
    /**
     * @return the result: a record, list or map that Jackson writes as the reply's {@code result} (null writes
     *         {@code null})
     * @throws ControlException to refuse the request with an error code
     */
    Object handle(ControlRequest request, ControlPeer peer) throws ControlException;
}
