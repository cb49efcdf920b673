package io.gmgw.cli.sslvpn;

import io.gmgw.audit.Audit;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.VersionInfo;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.gateway.config.ConfigException;
import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.config.GatewayConfigLoader;
import io.gmgw.sslvpn.server.SslVpnServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw sslvpn run --config FILE}: the gateway in the foreground, as systemd runs it ({@code Type=simple}): the
 * self-tests, the configuration (every error as FILE:LINE:COL, exit 78), then the keys, trust files and signed ACLs,
 * then the listeners; one line per listener, control socket and data plane, then {@code ready}. SIGINT or SIGTERM
 * stops it gracefully (clients are told) with exit 0.
 */
@ExitCodes({ExitCode.CONFIG, ExitCode.VERIFICATION_FAILED, ExitCode.UNAVAILABLE, ExitCode.PERMISSION_DENIED,
        ExitCode.IO_ERROR, ExitCode.CERTIFICATE})
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the SSL VPN gateway in the foreground until SIGINT (Ctrl-C) or SIGTERM, which stop it "
                + "gracefully: every client is told, then the listeners close; exit 0.",
                "In order: the cryptographic self-tests (exit 80), the configuration (every error as "
                        + "FILE:LINE:COLUMN, exit 78; 'gmgw config check' runs this step alone), the audit log "
                        + "(exit 81), the keys with PINs from their secret sources, the trust anchors and CRLs, "
                        + "each group's signed ACL (a missing or bad signature: exit 1, naming the file), the data "
                        + "plane, the listeners (a port in use: exit 69) and the control socket of 'gmgw status' "
                        + "and 'gmgw sessions'.",
                "Prints one line per listener, control socket and data plane, then 'ready'. Changed CRL files are "
                        + "re-read every clients.crl-reload-interval, and the sessions of newly revoked users end."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw sslvpn run --config conf/gateway.yaml"})
final class SslvpnRunCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The gateway configuration (YAML; conf/gateway.yaml is an example).")
    private Path file;

    SslvpnRunCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        CryptoModule module = bootstrap.approvedModule();
        PrintWriter out = spec.commandLine().getOut();
        GatewayConfig config;
        try {
            config = GatewayConfigLoader.load(file);
        } catch (ConfigException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.errors().forEach(err::println);
            err.println(e.errors().size() + " error" + (e.errors().size() == 1 ? "" : "s") + " in " + file
                    + "; every key is described in docs/gateway.md. Not started.");
            err.flush();
            return ExitCode.CONFIG.code();
        }
        // The gateway logs users in and out and enforces ACLs: it does not run without its audit trail (exit 81).
        Audit audit = bootstrap.auditForChange();
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals signals = StopSignals.install(stop::countDown);
        try (signals; SslVpnServer server = SslVpnServer.start(config, new SslVpnServer.Environment(module, audit,
                VersionInfo.current().gmgw(), 0))) {
            String protocols = (config.tlcp().enabled() ? "TLCP" : "") + (config.tlcp().enabled()
                    && config.tls().enabled() ? ", " : "") + (config.tls().enabled() ? "TLS" : "");
            for (String listener : server.listenerAddresses()) {
                out.println("listening on " + listener + " (" + protocols + ")");
            }
            out.println("control socket: " + server.controlSocket());
            out.println("data plane: " + server.dataPlaneDescription());
            out.println("ready");
            out.flush();
            stop.await();
            out.println("stopping: telling clients, closing listeners");
            out.flush();
        }
        out.println("stopped");
        out.flush();
        return ExitCode.OK.code();
    }
}
