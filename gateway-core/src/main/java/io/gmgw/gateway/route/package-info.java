/**
 * Routing packets from the data-plane device to sessions by destination address
 * ({@link io.gmgw.gateway.route.PacketRouter}, {@link io.gmgw.gateway.route.SessionPort}): bounded per-session queues,
 * drops counted per session and for packets nobody owns. Depends on {@code packet} and the gateway's exception.
 */
package io.gmgw.gateway.route;
