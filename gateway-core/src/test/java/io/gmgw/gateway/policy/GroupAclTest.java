package io.gmgw.gateway.policy;

import static io.gmgw.gateway.packet.TestPackets.icmp;
import static io.gmgw.gateway.packet.TestPackets.ipv4;
import static io.gmgw.gateway.packet.TestPackets.ipv6;
import static io.gmgw.gateway.packet.TestPackets.tcp;
import static io.gmgw.gateway.packet.TestPackets.udp;
import static io.gmgw.gateway.policy.Direction.FROM_CLIENT;
import static io.gmgw.gateway.policy.Direction.TO_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupAclTest {
    static final String ENG = """
            ip access-list extended ENG
             remark engineers: web and ssh to the lab, DNS, ping
             10 permit tcp 10.9.0.0 0.0.0.255 host 10.1.0.5 eq www 443
             20 permit tcp any 10.1.2.0 0.0.0.255 eq 22
             30 permit udp any host 10.1.0.53 eq domain
             40 permit icmp any 10.1.0.0 0.0.255.255 echo
             50 deny tcp any host 10.1.0.6 eq 3389 log
             60 permit tcp any host 10.1.0.6 established
             70 deny ip any host 10.1.0.7 fragments
             75 permit ip any host 10.1.0.7
             80 permit udp any host 10.1.0.9 eq 5000
            ipv6 access-list ENG6
             sequence 10 permit tcp any 2001:db8:1::/48 eq 443
             sequence 20 permit icmp any any echo-request
             sequence 30 deny ipv6 any host 2001:db8:1::666 log
             sequence 40 permit udp any host 2001:db8:1::53 eq domain
            """;
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    private final GroupAcl acl = Acls.compile(ENG);

    private static byte[] tcp4(String src, int sport, String dst, int dport, int flags) {
        return ipv4(6, src, dst, 0, tcp(sport, dport, flags, new byte[0]));
    }

    private static byte[] udp4(String src, int sport, String dst, int dport) {
        return ipv4(17, src, dst, 0, udp(sport, dport, new byte[4]));
    }

    private static byte[] icmp4(String src, String dst, int type) {
        return ipv4(1, src, dst, 0, icmp(type, 0, 1, 1, new byte[0]));
    }

    private String decide(byte[] packet, Direction d) {
        return Acls.decide(acl, packet, d);
    }

    @Test
    void ipv4FromTheClientIsMatchedAsWritten() {
        assertEquals("10 permit tcp 10.9.0.0 0.0.0.255 host 10.1.0.5 eq www 443",
                decide(tcp4("10.9.0.2", 50000, "10.1.0.5", 443, SYN), FROM_CLIENT));
        assertEquals("implicit deny", decide(tcp4("10.8.0.2", 50000, "10.1.0.5", 443, SYN), FROM_CLIENT));
        assertEquals("implicit deny", decide(tcp4("10.9.0.2", 50000, "10.1.0.5", 8080, SYN), FROM_CLIENT));
        assertEquals("20 permit tcp any 10.1.2.0 0.0.0.255 eq 22",
                decide(tcp4("10.9.0.2", 50001, "10.1.2.200", 22, SYN), FROM_CLIENT));
        assertEquals("implicit deny", decide(tcp4("10.9.0.2", 50001, "10.1.3.1", 22, SYN), FROM_CLIENT));
        assertEquals("30 permit udp any host 10.1.0.53 eq domain",
                decide(udp4("10.9.0.2", 40000, "10.1.0.53", 53), FROM_CLIENT));
        assertEquals("implicit deny", decide(tcp4("10.9.0.2", 40000, "10.1.0.53", 53, SYN), FROM_CLIENT));
        assertEquals("50 deny tcp any host 10.1.0.6 eq 3389 log",
                decide(tcp4("10.9.0.2", 40000, "10.1.0.6", 3389, ACK), FROM_CLIENT));
        assertEquals("implicit deny", decide(ipv4(47, "10.9.0.2", "10.1.0.5", 0, new byte[4]), FROM_CLIENT));
    }

    @Test
    void toTheClientSourceAndDestinationAreSwapped() {
        // The web server's answer to the client: one rule covers the conversation both ways.
        assertEquals("10 permit tcp 10.9.0.0 0.0.0.255 host 10.1.0.5 eq www 443",
                decide(tcp4("10.1.0.5", 443, "10.9.0.2", 50000, SYN | ACK), TO_CLIENT));
        assertEquals("implicit deny", decide(tcp4("10.1.0.5", 443, "10.8.0.2", 50000, ACK), TO_CLIENT));
        // Matched as written in the wrong direction, the same packet has no rule.
        assertEquals("implicit deny", decide(tcp4("10.1.0.5", 443, "10.9.0.2", 50000, ACK), FROM_CLIENT));
        assertEquals("30 permit udp any host 10.1.0.53 eq domain",
                decide(udp4("10.1.0.53", 53, "10.9.0.2", 40000), TO_CLIENT));
    }

    @Test
    void icmpTypesAndTheirReplies() {
        assertEquals("40 permit icmp any 10.1.0.0 0.0.255.255 echo", decide(icmp4("10.9.0.2", "10.1.7.7", 8),
                FROM_CLIENT));
        assertEquals("40 permit icmp any 10.1.0.0 0.0.255.255 echo", decide(icmp4("10.1.7.7", "10.9.0.2", 0),
                TO_CLIENT));
        assertEquals("implicit deny", decide(icmp4("10.9.0.2", "10.1.7.7", 0), FROM_CLIENT));
        assertEquals("implicit deny", decide(icmp4("10.9.0.2", "10.1.7.7", 13), FROM_CLIENT));
        assertEquals("implicit deny", decide(icmp4("10.1.7.7", "10.9.0.2", 3), TO_CLIENT));
        GroupAcl codes = Acls.compile("ip access-list extended C\n permit icmp any any port-unreachable\n"
                + " permit icmp any any 11 1\n");
        assertEquals("permit icmp any any port-unreachable", Acls.decide(codes,
                ipv4(1, "10.0.0.1", "10.0.0.2", 0, icmp(3, 3, 0, 0, new byte[0])), FROM_CLIENT));
        assertEquals("implicit deny", Acls.decide(codes, ipv4(1, "10.0.0.1", "10.0.0.2", 0,
                icmp(3, 1, 0, 0, new byte[0])), FROM_CLIENT));
        assertEquals("permit icmp any any 11 1", Acls.decide(codes, ipv4(1, "10.0.0.1", "10.0.0.2", 0,
                icmp(11, 1, 0, 0, new byte[0])), FROM_CLIENT));
    }

    @Test
    void establishedAndTcpFlags() {
        assertEquals("implicit deny", decide(tcp4("10.9.0.2", 40000, "10.1.0.6", 80, SYN), FROM_CLIENT));
        assertEquals("60 permit tcp any host 10.1.0.6 established",
                decide(tcp4("10.9.0.2", 40000, "10.1.0.6", 80, ACK), FROM_CLIENT));
        assertEquals("60 permit tcp any host 10.1.0.6 established",
                decide(tcp4("10.9.0.2", 40000, "10.1.0.6", 80, 0x04), FROM_CLIENT)); // RST
        GroupAcl flags = Acls.compile("ip access-list extended F\n deny tcp any any syn fin\n permit tcp any any\n");
        assertEquals("deny tcp any any syn fin", Acls.decide(flags, tcp4("10.0.0.1", 1, "10.0.0.2", 2, 0x03),
                FROM_CLIENT));
        assertEquals("permit tcp any any", Acls.decide(flags, tcp4("10.0.0.1", 1, "10.0.0.2", 2, SYN),
                FROM_CLIENT));
    }

    @Test
    void portOperators() {
        GroupAcl ports = Acls.compile("""
                ip access-list extended P
                 10 permit udp any lt 1024 any eq 1
                 20 permit udp any gt 60000 any eq 2
                 30 permit udp any range 5000 5010 any eq 3
                 40 permit udp any neq 53 any eq 4
                """);
        assertEquals("10 permit udp any lt 1024 any eq 1", Acls.decide(ports, udp4("1.1.1.1", 1023, "2.2.2.2", 1),
                FROM_CLIENT));
        assertEquals("implicit deny", Acls.decide(ports, udp4("1.1.1.1", 1024, "2.2.2.2", 1), FROM_CLIENT));
        assertEquals("implicit deny", Acls.decide(ports, udp4("1.1.1.1", 60000, "2.2.2.2", 2), FROM_CLIENT));
        assertEquals("20 permit udp any gt 60000 any eq 2", Acls.decide(ports, udp4("1.1.1.1", 60001, "2.2.2.2", 2),
                FROM_CLIENT));
        assertEquals("30 permit udp any range 5000 5010 any eq 3", Acls.decide(ports, udp4("1.1.1.1", 5010,
                "2.2.2.2", 3), FROM_CLIENT));
        assertEquals("implicit deny", Acls.decide(ports, udp4("1.1.1.1", 5011, "2.2.2.2", 3), FROM_CLIENT));
        assertEquals("implicit deny", Acls.decide(ports, udp4("1.1.1.1", 53, "2.2.2.2", 4), FROM_CLIENT));
        assertEquals("40 permit udp any neq 53 any eq 4", Acls.decide(ports, udp4("1.1.1.1", 54, "2.2.2.2", 4),
                FROM_CLIENT));
    }

    @Test
    void fragmentsAsCiscoIosTreatsThem() {
        byte[] laterUdp = ipv4(17, "10.9.0.2", "10.1.0.9", 185, new byte[16]);
        // A permit with ports permits a non-initial fragment on addresses and protocol.
        assertEquals("80 permit udp any host 10.1.0.9 eq 5000", decide(laterUdp, FROM_CLIENT));
        // A deny with ports cannot tell: the next entry decides (here the established permit, also layer 4).
        byte[] laterTcp = ipv4(6, "10.9.0.2", "10.1.0.6", 185, new byte[16]);
        assertEquals("60 permit tcp any host 10.1.0.6 established", decide(laterTcp, FROM_CLIENT));
        // 'fragments' matches non-initial fragments only.
        assertEquals("70 deny ip any host 10.1.0.7 fragments", decide(ipv4(17, "10.9.0.2", "10.1.0.7", 185,
                new byte[8]), FROM_CLIENT));
        assertEquals("75 permit ip any host 10.1.0.7", decide(udp4("10.9.0.2", 1, "10.1.0.7", 2), FROM_CLIENT));
        byte[] firstFragment = ipv4(17, "10.9.0.2", "10.1.0.7", 0x2000, udp(1, 2, new byte[8]));
        assertEquals("75 permit ip any host 10.1.0.7", decide(firstFragment, FROM_CLIENT));
        // No entry for the address: the implicit deny drops fragments too.
        assertEquals("implicit deny", decide(ipv4(17, "10.9.0.2", "10.1.0.99", 185, new byte[8]), FROM_CLIENT));
    }

    @Test
    void ipv6Table() {
        byte[] https = ipv6(6, "2001:db8:9::2", "2001:db8:1:ff::5", tcp(50000, 443, SYN, new byte[0]));
        assertEquals("sequence 10 permit tcp any 2001:db8:1::/48 eq 443", decide(https, FROM_CLIENT));
        byte[] outside = ipv6(6, "2001:db8:9::2", "2001:db8:2::5", tcp(50000, 443, SYN, new byte[0]));
        assertEquals("implicit deny", decide(outside, FROM_CLIENT));
        byte[] answer = ipv6(6, "2001:db8:1::5", "2001:db8:9::2", tcp(443, 50000, ACK, new byte[0]));
        assertEquals("sequence 10 permit tcp any 2001:db8:1::/48 eq 443", decide(answer, TO_CLIENT));
        byte[] ping = ipv6(58, "2001:db8:9::2", "2001:db8:1::666", icmp(128, 0, 1, 1, new byte[0]));
        assertEquals("sequence 20 permit icmp any any echo-request", decide(ping, FROM_CLIENT));
        byte[] pong = ipv6(58, "2001:db8:1::666", "2001:db8:9::2", icmp(129, 0, 1, 1, new byte[0]));
        assertEquals("sequence 20 permit icmp any any echo-request", decide(pong, TO_CLIENT));
        byte[] toBad = ipv6(17, "2001:db8:9::2", "2001:db8:1::666", udp(1, 53, new byte[0]));
        assertEquals("sequence 30 deny ipv6 any host 2001:db8:1::666 log", decide(toBad, FROM_CLIENT));
        byte[] dns = ipv6(17, "2001:db8:9::2", "2001:db8:1::53", udp(1, 53, new byte[0]));
        assertEquals("sequence 40 permit udp any host 2001:db8:1::53 eq domain", decide(dns, FROM_CLIENT));
        // An IPv4 rule never matches an IPv6 packet and the other way round.
        GroupAcl v4only = Acls.compile("ip access-list extended V4\n permit ip any any\n");
        assertEquals("implicit deny", Acls.decide(v4only, dns, FROM_CLIENT));
        assertEquals("IPv6 (no list: every packet denied): implicit deny at the end",
                v4only.describe(v4only.implicitDeny(6)));
    }

    @Test
    void everyRuleCountsItsHitsImplicitDenyIncluded() {
        decide(tcp4("10.9.0.2", 50000, "10.1.0.5", 80, SYN), FROM_CLIENT);
        decide(tcp4("10.1.0.5", 80, "10.9.0.2", 50000, ACK), TO_CLIENT);
        decide(tcp4("10.9.0.2", 50000, "10.1.0.99", 80, SYN), FROM_CLIENT);
        decide(ipv6(59, "2001:db8:9::2", "2001:db8:5::1", new byte[0]), FROM_CLIENT);
        List<GroupAcl.RuleHits> hits = acl.hits();
        assertEquals(acl.entries().size() + 2, hits.size());
        assertEquals(2, hits.get(0).hits());
        assertTrue(hits.get(0).permit());
        assertEquals(1, hits.get(acl.implicitDeny(4)).hits());
        assertTrue(hits.get(acl.implicitDeny(4)).implicit());
        assertFalse(hits.get(acl.implicitDeny(4)).permit());
        assertEquals("ip access-list extended ENG: implicit deny at the end", hits.get(acl.implicitDeny(4))
                .description());
        assertEquals(1, hits.get(acl.implicitDeny(6)).hits());
        assertEquals(4, hits.stream().mapToLong(GroupAcl.RuleHits::hits).sum());
    }
}
