/**
 * The TLCP record layer (GM/T 0024 §6.3.3): records cut from the byte stream and back, and the SM4-CBC with HMAC-SM3
 * and SM4-GCM record ciphers. Uses only {@code tlcp.protocol}.
 */
package io.gmgw.sslvpn.tlcp.record;
