package io.gmgw.cli.demo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The closing summary of {@code gmgw demo}: what was set up and where, and, when the live steps ran, the suite, the
 * tunnel address and the round-trip times; always where the logs are and what to run next. Nothing here runs
 * anything: it formats what the steps left in the {@link DemoRun}.
 */
final class DemoSummary {
    private DemoSummary() {
    }

    /**
     * The summary's lines. {@code listen} is the configured listener (from gateway.yaml) when it could be read; the
     * tunnel and round trips come from {@code run}.
     */
    static List<String> lines(DemoContext context, DemoRun run, Optional<String> listen) {
        DemoLayout layout = context.layout();
        List<String> out = new ArrayList<>();
        out.add("Summary:");
        Optional<InetSocketAddress> started = run.gatewayAddress();
        out.add("  gateway   " + (started.isPresent() ? "ran on " + hostPort(started.get()) + " (stopped)"
                : "configured" + listen.map(l -> " for " + l).orElse("") + ", not started by this demo")
                + ": " + layout.gatewayConfig());
        out.add("  user      " + DemoLayout.USER + " (group " + DemoLayout.GROUP + "), keys in the smart key '"
                + DemoLayout.TOKEN_LABEL + "' (" + layout.softKeyStore() + "), PIN in file:" + layout.userPinFile());
        run.tunnel().ifPresent(t -> out.add("  tunnel    TLCP " + t.suite() + ", address "
                + t.address().getHostAddress() + ", gateway " + t.gatewayAddress().getHostAddress()));
        List<Duration> rtts = run.roundTrips();
        if (!rtts.isEmpty()) {
            out.add("  pings     " + rtts.size() + " answered, " + roundTrips(rtts));
        }
        out.add("  logs      " + context.logDirectory().resolve("gmgw.log") + ", audit trail "
                + context.logDirectory().resolve("audit.log"));
        if (started.isEmpty()) {
            out.add("  next      gmgw sslvpn run --config " + layout.gatewayConfig());
        }
        return out;
    }

    /** Round-trip times as ping(8) sums them up: {@code rtt min/avg/max = 0.210/0.350/0.600 ms}. */
    static String roundTrips(List<Duration> rtts) {
        if (rtts.isEmpty()) {
            return "no round trips";
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        for (Duration d : rtts) {
            long n = d.toNanos();
            min = Math.min(min, n);
            max = Math.max(max, n);
            sum += n;
        }
        return String.format(Locale.ROOT, "rtt min/avg/max = %.3f/%.3f/%.3f ms", min / 1e6, sum / 1e6 / rtts.size(),
                max / 1e6);
    }

    /** {@code 127.0.0.1:10443}, {@code [::1]:10443} (IPv6 in RFC 5952 short form). */
    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + compress(host) + "]" : host) + ":" + a.getPort();
    }

    /** RFC 5952 §4.2: the longest run (two or more) of zero groups becomes "::", the first of equal runs. */
    private static String compress(String ipv6) {
        String[] groups = ipv6.split(":", -1);
        if (groups.length != 8) {
            return ipv6; // already short, or with a zone: leave as Java wrote it
        }
        int best = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                best = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (best < 0) {
            return ipv6;
        }
        return String.join(":", java.util.Arrays.copyOfRange(groups, 0, best)) + "::"
                + String.join(":", java.util.Arrays.copyOfRange(groups, best + bestLength, 8));
    }
}
