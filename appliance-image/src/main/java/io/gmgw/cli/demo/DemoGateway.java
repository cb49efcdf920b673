package io.gmgw.cli.demo;

import io.gmgw.cli.VersionInfo;
import io.gmgw.gateway.config.GatewayConfigLoader;
import io.gmgw.sslvpn.server.SslVpnServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The demo's gateway: {@code gmgw sslvpn run}'s {@link SslVpnServer} in this process, from {@code DIR/gateway.yaml}
 * (unprivileged: the responder data plane answers on the pool's first address), with one event-loop thread.
 */
final class DemoGateway implements LiveDemo.GatewayStarter {
    @Override
    public LiveDemo.RunningGateway start(Path config, DemoContext context) throws IOException {
        SslVpnServer server = SslVpnServer.start(GatewayConfigLoader.load(config), new SslVpnServer.Environment(
                context.module(), context.audit(), VersionInfo.current().gmgw(), 1));
        return new LiveDemo.RunningGateway() {
            @Override
            public InetSocketAddress address() {
                return server.boundAddresses().getFirst();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
