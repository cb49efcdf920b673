/**
 * What a program configures and gets back from TLCP: {@link io.gmgw.sslvpn.tlcp.TlcpConfig} with its credentials,
 * client-authentication policy and session cache, and the {@link io.gmgw.sslvpn.tlcp.TlcpSession} of an established
 * connection. Uses {@code tlcp.protocol}, {@code tlcp.record} (the record size limit) and {@code tlcp.message} (a
 * server's Certificate and CertificateRequest are encoded once per configuration); the handshake reads this package,
 * never the other way round. The engine is in {@code tlcp.engine}, the Netty handler in {@code tlcp.netty}.
 */
package io.gmgw.sslvpn.tlcp;
