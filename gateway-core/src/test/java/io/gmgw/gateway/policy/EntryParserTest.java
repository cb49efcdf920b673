package io.gmgw.gateway.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EntryParserTest {
    private static AccessListEntry v4(String entry) {
        return Acls.compile("ip access-list extended VPN\n " + entry + "\n").entries().get(0);
    }

    private static AccessListEntry v6(String entry) {
        return Acls.compile("ipv6 access-list VPN6\n " + entry + "\n").entries().get(0);
    }

    @Test
    void everyIpv4Form() {
        AccessListEntry e = v4("10 permit tcp 10.9.0.0 0.0.255.255 host 10.1.0.5 eq www 443 log");
        assertEquals(10, e.sequence());
        assertTrue(e.permit());
        assertEquals(6, e.protocol());
        assertEquals(4, e.family());
        assertEquals(0xffff0000L, e.source().loMask());
        assertEquals(0x0a090000L, e.source().loValue());
        assertEquals(0xffffffffL, e.destination().loMask());
        assertNull(e.sourcePorts());
        assertArrayEquals(new int[] {80, 443}, e.destinationPorts().ports());
        assertTrue(e.log());
        assertEquals("ip access-list extended VPN", e.list());
        assertEquals(2, e.line());

        assertEquals(AddressMatch.ANY, v4("deny ip any any").source());
        assertFalse(v4("deny ip any any").permit());
        assertEquals(-1, v4("permit ip any any").protocol());
        assertEquals(47, v4("permit gre any any").protocol());
        assertEquals(132, v4("permit 132 any any").protocol());
        assertEquals(1, v4("permit icmp any any").protocol());
        assertEquals(PortMatch.Operator.RANGE, v4("permit udp any range 1024 65535 any eq domain").sourcePorts()
                .operator());
        assertEquals(53, v4("permit udp any range 1024 65535 any eq domain").destinationPorts().ports()[0]);
        assertEquals(PortMatch.Operator.NEQ, v4("permit tcp any any neq telnet").destinationPorts().operator());
        assertEquals(1023, v4("permit tcp any gt 1023 any lt 1024").sourcePorts().ports()[0]);
        assertTrue(v4("permit tcp any any established").established());
        assertEquals(0x02 | 0x10, v4("permit tcp any any syn ack").tcpFlags());
        assertTrue(v4("permit ip any any fragments").fragments());
        assertTrue(v4("deny ip any any log-input").log());
        AccessListEntry echo = v4("permit icmp any host 10.1.0.1 echo");
        assertEquals(8, echo.icmpType());
        assertEquals(-1, echo.icmpCode());
        AccessListEntry portUnreachable = v4("permit icmp any any port-unreachable");
        assertEquals(3, portUnreachable.icmpType());
        assertEquals(3, portUnreachable.icmpCode());
        AccessListEntry numeric = v4("permit icmp any any 3 4");
        assertEquals(3, numeric.icmpType());
        assertEquals(4, numeric.icmpCode());
    }

    @Test
    void numberedListsAndImplicitSequenceNumbers() {
        GroupAcl acl = Acls.compile("access-list 101 remark vpn users\naccess-list 101 permit tcp any any eq 22\n"
                + "access-list 101 deny ip any any\n");
        assertEquals(List.of(10, 20), acl.entries().stream().map(AccessListEntry::sequence).toList());
        assertEquals("access-list 101", acl.entries().get(0).list());
        GroupAcl named = Acls.compile("ip access-list extended V\n 15 permit ip any host 10.0.0.1\n"
                + " permit ip any host 10.0.0.2\n remark after\n 40 deny ip any any\n");
        assertEquals(List.of(15, 25, 40), named.entries().stream().map(AccessListEntry::sequence).toList());
    }

    @Test
    void everyIpv6Form() {
        AccessListEntry e = v6("sequence 10 permit tcp 2001:db8:9::/48 host 2001:db8:1::5 eq 443");
        assertEquals(10, e.sequence());
        assertEquals(6, e.family());
        assertEquals(0xffffffffffff0000L, e.source().hiMask());
        assertEquals(0L, e.source().loMask());
        assertEquals(-1L, e.destination().loMask());
        assertEquals(-1, v6("permit ipv6 any any").protocol());
        assertEquals(58, v6("permit icmp any any echo-request").protocol());
        assertEquals(128, v6("permit icmp any any echo-request").icmpType());
        assertEquals(1, v6("permit icmp any any no-route").icmpType());
        assertEquals(0, v6("permit icmp any any no-route").icmpCode());
        assertEquals(20, v6("permit ipv6 any any sequence 20").sequence()); // the show form, number at the end
        assertEquals(0xffffffff00000000L, v6("deny ipv6 2001:db8::/32 any").source().hiMask());
        assertEquals(0xfffffffffffffff0L, v6("deny ipv6 2001:db8::/124 any").source().loMask());
        assertTrue(v6("deny ipv6 ::/0 any").source().matches(123, 456));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "permit tcp any any eq 99999|is not a TCP port",
        "permit tcp any any eq nosuchport|is not a TCP port",
        "permit udp any any eq www|is not a UDP port",
        "permit icmp any any eq 80|need protocol tcp or udp",
        "permit ip 10.0.0.0 255.255.255.0 any|is not a wildcard mask",
        "permit ip 10.0.0.0 any|is not an IPv4 address",
        "permit ip host 10.0.0.300 any|is not an IPv4 address",
        "permit ip host 2001:db8::1 any|IPv6 entries go in an 'ipv6 access-list NAME' block",
        "permit ipv6 any any|'ipv6' in an IPv4 access list",
        "permit foo any any|unknown protocol 'foo'",
        "permit ip any any dscp ef|'dscp' is not supported",
        "permit ip any any time-range work|'time-range' is not supported",
        "permit udp any any established|'established' needs protocol tcp",
        "permit tcp any any eq 22 fragments|'fragments' cannot be combined",
        "permit tcp any any range 90 80|is empty",
        "permit ip object-group INSIDE any|address groups are not supported",
        "permit tcp any|the entry ends where the destination address"})
    void refusedWithTheReason(String entry, String reason) {
        AclSyntaxException e = assertThrows(AclSyntaxException.class, () -> v4(entry));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void ipv6Refusals() {
        assertTrue(assertThrows(AclSyntaxException.class, () -> v6("permit ipv6 2001:db8::1 any")).getMessage()
                .contains("is not an IPv6 prefix"));
        assertTrue(assertThrows(AclSyntaxException.class, () -> v6("permit ipv6 2001:db8::/129 any")).getMessage()
                .contains("over 128"));
        assertTrue(assertThrows(AclSyntaxException.class, () -> v6("permit ipv6 host 10.0.0.1 any")).getMessage()
                .contains("is not an IPv6 address"));
        assertTrue(assertThrows(AclSyntaxException.class, () -> v6("permit ip any any")).getMessage()
                .contains("'ip' in an IPv6 access list"));
        assertTrue(assertThrows(AclSyntaxException.class, () -> v6("sequence 5 permit ipv6 any any sequence 6"))
                .getMessage().contains("twice"));
    }

    @Test
    void fileLevelRefusals() {
        assertTrue(assertThrows(AclSyntaxException.class, () -> Acls.compile("access-list 10 permit 10.0.0.1\n"))
                .getMessage().contains("standard access list"));
        assertTrue(assertThrows(AclSyntaxException.class, () -> Acls.compile(
                "access-list VPN extended permit ip 10.0.0.0 255.255.255.0 any\n")).getMessage().contains("ASA"));
        assertTrue(assertThrows(AclSyntaxException.class, () -> Acls.compile(
                "ip access-list standard S\n permit 10.0.0.1\n")).getMessage().contains("not an extended"));
        assertTrue(assertThrows(AclSyntaxException.class, () -> Acls.compile(
                "ip access-list extended A\n permit ip any any\nip access-list extended B\n deny ip any any\n"))
                .getMessage().contains("a second IPv4 list 'ip access-list extended B'"));
        assertTrue(assertThrows(AclSyntaxException.class, () -> Acls.compile(
                "ip access-list extended A\n permit ip any any\ninterface Gi0/0\n ip access-group A in\n"))
                .getMessage().contains("'interface Gi0/0' is not part of an extended access list"));
        AclSyntaxException order = assertThrows(AclSyntaxException.class, () -> Acls.compile(
                "ip access-list extended A\n 20 permit ip any any\n 10 deny ip any any\n"));
        assertTrue(order.getMessage().contains("sequence number 10 after 20"), order.getMessage());
        assertEquals(3, order.line());
        assertTrue(assertThrows(AclSyntaxException.class, () -> v4("10 allow ip any any")).getMessage()
                .contains("'10 allow ip any any' is not part of an extended access list"));
        assertTrue(assertThrows(AclSyntaxException.class, () -> Acls.compile(
                "*filter\n-A INPUT -j ACCEPT\nCOMMIT\n")).getMessage().contains("reads as iptables-save"));
    }
}
