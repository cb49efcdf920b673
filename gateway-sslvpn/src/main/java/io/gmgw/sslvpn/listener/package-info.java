/**
 * The gateway's listening port as a pipeline: handshake rate limiting, then the sniffer that hands each connection to
 * TLCP or TLS, then the layer above (the tunnel), which sees plaintext and a
 * {@link io.gmgw.sslvpn.channel.SecureChannelEvent} whichever protocol carried it. The one place that knows both
 * {@code tlcp} and {@code tls}; {@code channel} knows neither.
 */
package io.gmgw.sslvpn.listener;
