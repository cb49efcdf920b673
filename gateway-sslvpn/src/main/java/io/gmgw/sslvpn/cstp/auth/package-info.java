/**
 * The XML "aggregate auth" messages of the CSTP login (cstp.md §2): the client's {@code config-auth} {@code init} and
 * {@code auth-reply} read by a hardened JDK parser (no DTD, no entities, size- and element-limited), the server's
 * {@code auth-request} form and {@code complete} written. No state and no I/O: the gateway decides, this package only
 * speaks the format.
 */
package io.gmgw.sslvpn.cstp.auth;
