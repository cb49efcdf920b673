package io.gmgw.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The steps of {@code gmgw demo}, in the order they run. Add a step here: one line. The preparation steps make
 * every file the gateway and the client need; with a {@link LiveDemo} the gateway is started, the demo user connects
 * with the smart key and pings through the tunnel, all inside this process and ended by the {@link DemoRun}.
 */
public final class DemoSteps {
    private DemoSteps() {
    }

    /** The preparation steps only: PKI, CRLs, ACLs, gateway configuration, smart key, soft token. */
    public static List<DemoStep> all() {
        return List.of(
                new SelfTestSummaryStep(),
                new DemoDirectoryStep(),
                new PkiDemoStep(),
                new CrlDemoStep(),
                new GroupAclDemoStep(),
                new ExampleAclDemoStep(),
                new GatewayConfigDemoStep(),
                new SmartKeyDemoStep(),
                new SoftTokenDemoStep());
    }

    /** The preparation steps, then gateway, connect and ping with {@code live}'s gateway and client. */
    public static List<DemoStep> all(LiveDemo live, DemoRun run) {
        Objects.requireNonNull(live, "live");
        List<DemoStep> steps = new ArrayList<>(all());
        steps.add(new GatewayStartDemoStep(live.gateway(), run));
        steps.add(new ConnectDemoStep(live.client(), run));
        steps.add(new PingDemoStep(run, live.pings()));
        return List.copyOf(steps);
    }
}
