/**
 * The gateway's local control socket: a Unix-domain socket, owner-only, on which {@code gmgw status} and
 * {@code gmgw sessions ...} ask the running gateway for its state and for actions, in versioned JSON requests and
 * replies, one request type per command (docs/control-api.md).
 *
 * <p>{@link io.gmgw.gateway.control.ControlDispatcher} is the sans-I/O core (a request line in, a reply line out);
 * {@link io.gmgw.gateway.control.ControlServer} and {@link io.gmgw.gateway.control.ControlClient} carry its lines
 * over the socket; {@link io.gmgw.gateway.control.GatewayControlService} is what the gateway implements and
 * {@link io.gmgw.gateway.control.GatewayRequests} turns into request handlers.
 */
package io.gmgw.gateway.control;
