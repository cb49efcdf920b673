package io.gmgw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.ip.IpAddresses;
import io.gmgw.gateway.ip.IpPrefix;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The value kinds: durations, address literals, prefixes, secret sources, and the "did you mean" distance. */
class ConfigValuesTest {
    @TempDir
    Path tmp;

    @Test
    void durationsNeedAUnitAndPrintShortest() {
        assertEquals(Duration.ofSeconds(90), Durations.parse("90s"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofDays(2), Durations.parse("2d"));
        assertNull(Durations.parse("90"), "a bare number: the unit is never guessed");
        assertNull(Durations.parse("-5s"));
        assertNull(Durations.parse("5 s"));
        assertEquals("9h", Durations.format(Duration.ofSeconds(32400)));
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("1d2h", Durations.format(Duration.ofHours(26)));
    }

    @Test
    void addressesAreLiteralsNeverLookedUp() throws Exception {
        assertEquals(InetAddress.getByName("192.0.2.1"), IpAddresses.parse("192.0.2.1"));
        assertEquals(InetAddress.getByName("2001:db8::1"), IpAddresses.parse("2001:db8::1"));
        assertNull(IpAddresses.parse("localhost"));
        assertNull(IpAddresses.parse("192.0.2.256"));
        assertNull(IpAddresses.parse("2001:db8::g"));
        assertNull(IpAddresses.parse("192.0.2"));
    }

    @Test
    void ipv6IsWrittenInItsShortForm() throws Exception {
        // RFC 5952: lower case, the longest run of zero groups shortened (the first of equal runs), never a single one
        assertEquals("fd00:99::", IpAddresses.format(InetAddress.getByName("fd00:99:0:0:0:0:0:0")));
        assertEquals("::1", IpAddresses.format(InetAddress.getByName("::1")));
        assertEquals("::", IpAddresses.format(InetAddress.getByName("::")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpAddresses.format(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:db8::1:0:0:1", IpAddresses.format(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:0:0:1::1", IpAddresses.format(InetAddress.getByName("2001:0:0:1:0:0:0:1")));
    }

    @Test
    void prefixesKnowTheirFamilyAndOverlaps() throws Exception {
        IpPrefix wide = new IpPrefix(InetAddress.getByName("10.0.0.0"), 8);
        IpPrefix inside = new IpPrefix(InetAddress.getByName("10.20.0.0"), 16);
        IpPrefix other = new IpPrefix(InetAddress.getByName("192.168.0.0"), 16);
        assertTrue(wide.overlaps(inside) && inside.overlaps(wide));
        assertTrue(!wide.overlaps(other));
        assertTrue(!wide.overlaps(new IpPrefix(InetAddress.getByName("::"), 0)), "families never overlap");
        assertEquals(65536, inside.size().intValue());
        assertEquals("fd00:20::/48", new IpPrefix(InetAddress.getByName("fd00:20::"), 48).toString());
    }

    @Test
    void secretFilesBecomeAbsoluteAndTheSourceOpensOnlyWhenTheKeyDoes() throws Exception {
        ConfigFixture f = new ConfigFixture(tmp);
        GatewayConfig c = f.load(ConfigFixture.MINIMAL.replace("  enc-key: keys/enc.key.pem\n",
                "  enc-key: keys/enc.key.pem\n  enc-key-password: file:secret.pw\n  sign-key-password: env:GW_PW\n"));
        KeySetting enc = c.tlcp().encKey().orElseThrow();
        assertEquals(Optional.of("file:" + tmp.resolve("secret.pw")), enc.passwordSource());
        assertEquals("file " + tmp.resolve("secret.pw"), enc.toKeyReference().password().description());
        assertEquals("environment variable GW_PW",
                c.tlcp().signKeyReference().password().description());
        assertEquals("tlcp.enc-cert: FILE", enc.toKeyReference().certificateLabel());
        assertEquals(List.of("gateway.yaml:4:21: tlcp.enc-key-password: no such file " + tmp.resolve("none.pw")
                + " (relative paths start at the configuration's folder " + tmp + "); write the path of an existing "
                + "file"), f.errors(ConfigFixture.MINIMAL.replace("  enc-key: keys/enc.key.pem\n",
                "  enc-key: keys/enc.key.pem\n  enc-key-password: file:none.pw\n")));
    }

    @Test
    void suggestionsComeOnlyWhenNearEnough() {
        assertEquals(Optional.of("dpd"), Suggestions.nearest("dpdd", List.of("mtu", "dpd", "keepalive")));
        assertEquals(Optional.of("keepalive"), Suggestions.nearest("keepailve", List.of("mtu", "dpd", "keepalive")));
        assertEquals(Optional.empty(), Suggestions.nearest("frobnicate", List.of("mtu", "dpd", "keepalive")));
        assertEquals(1, Suggestions.distance("ab", "ba"), "a swap is one edit");
    }
}
