/**
 * The TLCP handshake in both roles: one state machine per role, the key schedule (GM/T 0024 §6.5) and the transcript.
 * Reads its configuration from the API package {@code tlcp}, speaks through the codecs of {@code tlcp.message}, and
 * hands the engine ({@code tlcp.engine}, which it does not know) record ciphers of {@code tlcp.record}.
 */
package io.gmgw.sslvpn.tlcp.handshake;
