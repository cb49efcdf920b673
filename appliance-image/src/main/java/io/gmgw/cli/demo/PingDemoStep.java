package io.gmgw.cli.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Pings the gateway's tunnel address through the tunnel; every ping must be answered. */
final class PingDemoStep implements DemoStep {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final DemoRun run;
    private final int count;

    PingDemoStep(DemoRun run, int count) {
        this.run = Objects.requireNonNull(run, "run");
        this.count = count;
    }

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        LiveDemo.TunnelConnection tunnel = run.tunnel().orElseThrow(() -> new IllegalStateException("the connect "
                + "step runs before the ping step"));
        InetAddress target = tunnel.gatewayAddress();
        List<Duration> rtts = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            Duration rtt = tunnel.ping(target, seq, TIMEOUT);
            run.roundTrip(rtt);
            rtts.add(rtt);
        }
        return count + " of " + count + " echo requests to " + target.getHostAddress() + " answered through the "
                + "tunnel (" + DemoSummary.roundTrips(rtts) + ")";
    }
}
