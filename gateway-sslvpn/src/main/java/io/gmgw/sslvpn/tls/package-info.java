/**
 * TLS 1.3 and 1.2 on the gateway's port beside TLCP, for stock clients such as openconnect: Bouncy Castle's TLS
 * protocol in its non-blocking (sans-I/O) mode ({@link org.bouncycastle.tls.TlsServerProtocol}) behind a thin Netty
 * handler that seals each written buffer into its own records, as the CSTP layer needs (cstp.md §5). Its crypto runs
 * over the JDK's providers first ({@link io.gmgw.sslvpn.tls.JdkFirstJcaJceHelper}), so AES-GCM uses the JDK's AES-NI
 * intrinsics. Client certificates are checked with PKIX against configured trust anchors and CRL files, never
 * fetching anything from the network. An established connection is a {@link io.gmgw.sslvpn.channel.SecureSession}.
 */
package io.gmgw.sslvpn.tls;
