/**
 * Unprivileged local sides of the client's tunnel ({@link io.gmgw.sslvpn.client.LocalPackets}): the pinger
 * ({@code gmgw connect --ping}) and openconnect's {@code --script-tun} socket pair, with the vpnc-script variables.
 * The one place of the client that calls libc (FFM: socketpair, posix_spawn).
 */
package io.gmgw.sslvpn.client.packet;
