/**
 * TLCP's handshake messages on the wire (GM/T 0024 §6.4.5): one immutable record per message with its {@code decode}
 * and {@code encode}, the message types, and the reassembly of messages from handshake records. Codecs only: they
 * know nothing of a configuration or of the state machines in {@code tlcp.handshake}, so the API package can
 * pre-encode a server's Certificate and CertificateRequest with them. Uses only {@code tlcp.protocol}.
 */
package io.gmgw.sslvpn.tlcp.message;
