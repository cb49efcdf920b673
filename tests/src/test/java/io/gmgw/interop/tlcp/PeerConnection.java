package io.gmgw.interop.tlcp;

import java.util.Optional;

/**
 * One connection as a peer program reported it (a {@code CONN} line): whether the handshake and the echo succeeded,
 * what was negotiated, the other side's certificate subject, and the error when it failed.
 *
 * @param ok          handshake completed and (for clients) every echo matched; for servers, the connection ended
 *                    without a TLS error
 * @param suiteName   the suite as the peer names it ({@code ECC_SM4_CBC_SM3}, gm-jsse's
 *                    {@code ECC-SM2-WITH-SM4-SM3}); empty when the handshake failed
 * @param protocol    the peer's protocol name ({@code GMTLS} for BGMProvider, {@code NTLSv1.1} for gm-jsse)
 * @param sessionId   hex session ID; empty when none
 * @param resumed     the session ID had been seen on an earlier connection of this peer process
 * @param peerSubject the subject of the other side's first certificate, RFC 2253; {@code none} when it sent none
 * @param bytes       application bytes echoed
 * @param millis      the peer's wall time for this connection
 * @param error       the exception the peer caught, as one line; empty on success
 * @param line        the raw line
 */
public record PeerConnection(boolean ok, String suiteName, String protocol, String sessionId, boolean resumed,
        String peerSubject, long bytes, long millis, String error, PeerLine line) {

    static PeerConnection of(PeerLine l) {
        if (!l.is("CONN")) {
            throw new IllegalArgumentException("not a CONN line: " + l);
        }
        String peer = l.fields().containsKey("client") ? l.getOrDefault("client", "") : l.getOrDefault("server", "");
        return new PeerConnection(l.flag("ok"), l.getOrDefault("suite", ""), l.getOrDefault("protocol", ""),
                l.getOrDefault("session", ""), l.flag("resumed"), peer, Long.parseLong(l.getOrDefault("bytes", "0")),
                Long.parseLong(l.getOrDefault("ms", "0")), l.getOrDefault("error", ""), l);
    }

    /** The negotiated suite, when the handshake got that far and the peer's name is one gmgw knows. */
    public Optional<TlcpSuite> suite() {
        try {
            return suiteName.isEmpty() ? Optional.empty() : Optional.of(TlcpSuite.fromPeerName(suiteName));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return line.raw();
    }
}
