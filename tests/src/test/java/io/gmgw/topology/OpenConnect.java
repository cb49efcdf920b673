package io.gmgw.topology;

import io.gmgw.testing.SystemPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The reference client: openconnect 9.01 (Debian) in the topology's client namespace, logging in with the test PKI's
 * client certificate, trusting only the test CA, CSTP over TLS without DTLS (cstp.md §12), non-interactive. Two modes:
 * {@link #startScriptTun} hands packets to a program over {@code $VPNFD} (no TUN device; cstp.md §11), {@link #startTun}
 * creates a TUN device in the client namespace and configures it with {@code vpnc-script.sh}.
 */
public final class OpenConnect {
    static final String INSTALL = "install Debian package openconnect (9.01)";
    /** The line {@code vpnc-script.sh} prints when the TUN device is configured: group 1 the device, 2 the address. */
    public static final Pattern TUN_CONFIGURED = Pattern.compile(
            "gmgw-vpnc-script: connected TUNDEV=(\\S+) address=(\\S*)");
    /** The line {@code vpnc-script.sh} prints when a command of it failed. */
    public static final Pattern SCRIPT_FAILED = Pattern.compile("gmgw-vpnc-script: failed");

    private OpenConnect() {
    }

    /** openconnect's command line for {@code url} with the test PKI's credentials, then {@code modeArguments}. */
    public static List<String> command(TlsTestPki pki, String url, List<String> modeArguments) {
        Path openconnect = SystemPeers.requireProgram("openconnect", INSTALL);
        List<String> c = new ArrayList<>(List.of(openconnect.toString(), "--protocol=anyconnect", "--no-dtls",
                "--non-inter", "--no-system-trust", "--cafile", pki.caCert().toString(), "--certificate",
                pki.clientCert().toString(), "--sslkey", pki.clientKey().toString()));
        c.addAll(modeArguments);
        c.add(url);
        return c;
    }

    /**
     * Starts openconnect with {@code --script-tun --script SCRIPT}: {@code /bin/sh -c SCRIPT} runs once the tunnel is
     * up, with the tunnel's packets on {@code $VPNFD}. openconnect exits when that program closes its end.
     */
    public static NamespaceProcess startScriptTun(NamespaceTopology topology, TlsTestPki pki, String url,
            String script) {
        return topology.client().start("openconnect", command(pki, url, List.of("--script-tun", "--script", script)),
                Map.of(), topology.workDir());
    }

    /**
     * Starts openconnect in TUN mode with {@code vpnc-script.sh}; wait for {@link #TUN_CONFIGURED} before sending
     * through the tunnel.
     */
    public static NamespaceProcess startTun(NamespaceTopology topology, TlsTestPki pki, String url,
            TopologyPrograms programs) {
        SystemPeers.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing: openconnect's TUN mode "
                + "needs it");
        return topology.client().start("openconnect", command(pki, url, List.of("--script",
                programs.path(TopologyPrograms.VPNC_SCRIPT).toString())), Map.of(), topology.workDir());
    }
}
