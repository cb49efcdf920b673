/**
 * TLCP's vocabulary, the names and numbers GM/T 0024 and GB/T 38636 give: the protocol version, cipher suites, alert
 * descriptions and the exception that carries an alert, and the CertificateVerify variants peers sign. A leaf: it uses
 * no other TLCP package, and the record layer, the handshake messages and state machines, the engine and the API all
 * use it.
 */
package io.gmgw.sslvpn.tlcp.protocol;
