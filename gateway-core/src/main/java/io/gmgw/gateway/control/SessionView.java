package io.gmgw.gateway.control;

import java.time.Instant;
import java.util.Objects;

/**
 * One VPN session as {@code sessions.list}, {@code sessions.show} and {@code sessions.disconnect} report it. Written
 * as JSON in this order; members may be added within a protocol version, never removed or renamed. Addresses are
 * text ({@code 10.10.0.7}, {@code fd00:10::7}); a family the session has no address of is null.
 *
 * @param id             the gateway's session ID (letters, digits, {@code .-_}; what {@code sessions show} takes)
 * @param user           the user name the identity maps to (the certificate's CN by default)
 * @param group          the group whose routes and ACL apply
 * @param certificate    the client certificate the session logged in with
 * @param protocol       the secure channel: {@code TLCP}, {@code TLSv1.3}, {@code TLSv1.2}
 * @param suite          the cipher suite's standard name ({@code ECC_SM4_GCM_SM3}, {@code TLS_AES_128_GCM_SHA256})
 * @param addressV4      the tunnel address handed out from the IPv4 pool
 * @param addressV6      the tunnel address handed out from the IPv6 pool
 * @param source         the client's address and port as the gateway sees them ({@code 198.51.100.7:51234},
 *                       {@code [2001:db8::7]:51234})
 * @param connectedSince when the tunnel was established
 * @param fromClient     traffic from the client into the inside network
 * @param toClient       traffic from the inside network to the client
 */
public record SessionView(String id, String user, String group, Certificate certificate, String protocol, String suite,
        String addressV4, String addressV6, String source, Instant connectedSince, Traffic fromClient,
        Traffic toClient) {

    /** A certificate's subject and issuer (RFC 4514 text) and its serial number (hex, upper case, no separators). */
    public record Certificate(String subject, String serial, String issuer) {
    }

    /**
     * Traffic one way: IP bytes and packets carried, and packets dropped (by the group's ACL, or because a queue
     * was full).
     */
    public record Traffic(long bytes, long packets, long drops) {
    }

    public SessionView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(connectedSince, "connectedSince");
        Objects.requireNonNull(fromClient, "fromClient");
        Objects.requireNonNull(toClient, "toClient");
    }
}
