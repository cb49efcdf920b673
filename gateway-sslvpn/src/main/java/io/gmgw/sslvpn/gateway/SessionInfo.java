package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.ip.IpPrefix;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one tunnel for the control socket ({@code gmgw sessions list|show}).
 *
 * @param id           the session id (also in the {@code cstp} log lines and audit records)
 * @param user         user name from the certificate
 * @param group        the user's group
 * @param subject      the certificate's subject
 * @param serialHex    the certificate's serial, hex
 * @param issuer       the certificate's issuer
 * @param protocol     the secure channel's protocol ({@code TLCP}, {@code TLSv1.3})
 * @param cipherSuite  its suite
 * @param source       the client's address and port
 * @param ipv4         the tunnel IPv4 address, if any
 * @param ipv6         the tunnel IPv6 address, if any
 * @param bytesIn      bytes of IP packets from the client
 * @param packetsIn    packets from the client
 * @param bytesOut     bytes of IP packets to the client
 * @param packetsOut   packets to the client
 * @param dropsIn      packets from the client dropped (ACL or data plane full)
 * @param dropsOut     packets to the client dropped (ACL or the client's queue full)
 * @param connectedSince when the tunnel opened
 */
public record SessionInfo(String id, String user, String group, String subject, String serialHex, String issuer,
        String protocol, String cipherSuite, String source, Optional<IpPrefix> ipv4, Optional<IpPrefix> ipv6,
        long bytesIn, long packetsIn, long bytesOut, long packetsOut, long dropsIn, long dropsOut,
        Instant connectedSince) {
}
