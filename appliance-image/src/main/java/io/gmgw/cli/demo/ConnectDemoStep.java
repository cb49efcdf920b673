package io.gmgw.cli.demo;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.crypto.key.SecretSources;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Connects the demo user over TLCP E053 (ECC_SM4_GCM_SM3) with the keys in the smart key ({@code pkcs11:} URIs, the
 * PIN from {@code file:DIR/smartkey/user.pin}), to the gateway the previous step started.
 */
final class ConnectDemoStep implements DemoStep {
    static final String SUITE = "ECC_SM4_GCM_SM3";

    private final LiveDemo.ClientConnector connector;
    private final DemoRun run;

    ConnectDemoStep(LiveDemo.ClientConnector connector, DemoRun run) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.run = Objects.requireNonNull(run, "run");
    }

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        DemoLayout layout = context.layout();
        var gateway = run.gatewayAddress().orElseThrow(() -> new IllegalStateException("the gateway step runs "
                + "before the connect step"));
        Path library = SoftKeyLibrary.locate().library().orElseThrow(() -> new CommandFailedException(
                ExitCode.UNAVAILABLE, "cannot connect with the smart key: " + SoftKeyLibrary.locate().missing()));
        URI uri = URI.create("https://" + DemoSummary.hostPort(gateway) + "/" + DemoLayout.GROUP);
        // the soft smart key reads its store at C_Initialize: point it at the demo's until the run ends
        run.started(SoftKeyStore.use(layout.softKeyStore()));
        LiveDemo.TunnelConnection tunnel = connector.connect(new LiveDemo.ConnectRequest(uri, SUITE,
                layout.smartKeyUri(DemoLayout.SIGN_LABEL, library), layout.smartKeyUri(DemoLayout.ENC_LABEL, library),
                SecretSources.parse("file:" + layout.userPinFile(), "User PIN of the token"),
                layout.pki().root().certificate()), context);
        run.tunnel(tunnel);
        String factors = tunnel.usedDynamicPassword() ? " and the dynamic password of soft token "
                + DemoLayout.SOFT_TOKEN : "";
        return "connected to " + uri + " as " + DemoLayout.USER + " with the smart key" + factors + " over TLCP "
                + tunnel.suite() + "; tunnel address " + tunnel.address().getHostAddress();
    }
}
