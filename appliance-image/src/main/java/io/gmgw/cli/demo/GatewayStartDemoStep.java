package io.gmgw.cli.demo;

import java.io.IOException;
import java.util.Objects;

/** Starts the gateway in this process from {@code DIR/gateway.yaml}; the run stops it at the end. */
final class GatewayStartDemoStep implements DemoStep {
    private final LiveDemo.GatewayStarter starter;
    private final DemoRun run;

    GatewayStartDemoStep(LiveDemo.GatewayStarter starter, DemoRun run) {
        this.starter = Objects.requireNonNull(starter, "starter");
        this.run = Objects.requireNonNull(run, "run");
    }

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        LiveDemo.RunningGateway g = starter.start(context.layout().gatewayConfig(), context);
        run.gateway(g);
        return "started from " + context.layout().gatewayConfig() + ", listening on "
                + DemoSummary.hostPort(g.address()) + " (unprivileged: the responder answers on "
                + DemoLayout.GATEWAY_TUNNEL_ADDRESS + ")";
    }
}
