/** {@code gmgw sessions list|show|disconnect}: the running gateway's VPN sessions, over its control socket. */
package io.gmgw.cli.sessions;
