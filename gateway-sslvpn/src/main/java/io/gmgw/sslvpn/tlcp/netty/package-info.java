/**
 * TLCP for Netty: a thin handler around the sans-I/O engine of {@code tlcp.engine} that owns buffers and timers, its
 * events, and a client bootstrap and an echo server for diagnostics.
 */
package io.gmgw.sslvpn.tlcp.netty;
