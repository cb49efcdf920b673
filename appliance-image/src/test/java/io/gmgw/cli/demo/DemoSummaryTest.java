package io.gmgw.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary's formats: round-trip times as ping(8) sums them up, host:port with IPv6 in brackets. */
class DemoSummaryTest {
    @Test
    void roundTripsAreMinAvgMaxInMillisecondsAsPingPrintsThem() {
        assertEquals("rtt min/avg/max = 0.210/0.350/0.600 ms", DemoSummary.roundTrips(List.of(
                Duration.ofNanos(240_000), Duration.ofNanos(210_000), Duration.ofNanos(600_000),
                Duration.ofNanos(350_000))));
        assertEquals("rtt min/avg/max = 12.000/12.000/12.000 ms", DemoSummary.roundTrips(List.of(
                Duration.ofMillis(12))));
        assertEquals("no round trips", DemoSummary.roundTrips(List.of()));
    }

    @Test
    void addressesAreHostPortWithIpv6InBrackets() throws Exception {
        assertEquals("127.0.0.1:10443", DemoSummary.hostPort(new InetSocketAddress(
                InetAddress.getByName("127.0.0.1"), 10443)));
        assertEquals("[::1]:10443", DemoSummary.hostPort(new InetSocketAddress(InetAddress.getByName("::1"), 10443)));
        assertEquals("[fd00:88::1:0:0:1]:443", DemoSummary.hostPort(new InetSocketAddress(
                InetAddress.getByName("fd00:88:0:0:1:0:0:1"), 443)), "the first of two equal zero runs");
        assertEquals("[fd00:1:2:3:4:5:6:7]:443", DemoSummary.hostPort(new InetSocketAddress(
                InetAddress.getByName("fd00:1:2:3:4:5:6:7"), 443)));
    }
}
