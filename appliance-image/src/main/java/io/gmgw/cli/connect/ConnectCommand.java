package io.gmgw.cli.connect;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodeMapper;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.cli.VersionInfo;
import io.gmgw.cli.tlcp.TlcpClientOptions;
import io.gmgw.cli.tlcp.TlcpEndpointOptions;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.sslvpn.client.ClientProfile;
import io.gmgw.sslvpn.client.FormAnswerer;
import io.gmgw.sslvpn.client.LocalPackets;
import io.gmgw.sslvpn.client.ReconnectPolicy;
import io.gmgw.sslvpn.client.SecureChannelFactory;
import io.gmgw.sslvpn.client.TlcpChannelFactory;
import io.gmgw.sslvpn.client.TlsChannelFactory;
import io.gmgw.sslvpn.client.TunnelParameters;
import io.gmgw.sslvpn.client.VpnClient;
import io.gmgw.sslvpn.client.VpnClientException;
import io.gmgw.sslvpn.client.VpnUrl;
import io.gmgw.sslvpn.client.packet.Pinger;
import io.gmgw.sslvpn.client.packet.ScriptTun;
import io.gmgw.sslvpn.client.tun.TunPackets;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw connect https://HOST[:PORT][/GROUP]}: the VPN client. Logs in with the client certificate, opens the
 * CSTP tunnel, and hands its packets to the local side: a TUN device with the tunnel's addresses and routes (root),
 * the built-in pinger ({@code --ping}) or a program on a socket pair ({@code --script-tun}). Ends on SIGINT/SIGTERM with a logoff, when the local side is done, when the gateway
 * ends the session, or when reconnecting fails.
 */
@ExitCodes({ExitCode.VERIFICATION_FAILED, ExitCode.CERTIFICATE, ExitCode.MALFORMED_INPUT, ExitCode.UNAVAILABLE,
        ExitCode.PERMISSION_DENIED})
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Connect to an SSL VPN gateway (gmgw, ocserv or another OpenConnect/AnyConnect gateway) as "
                + "openconnect does: log in with the client certificate (--sign-key, a file or a pkcs11: smart key), "
                + "open the tunnel, reconnect after a network loss (at once, then after 10, 20... s, up to "
                + "--reconnect-timeout) with the same session and address, and log off on SIGINT or SIGTERM.",
                "Packets go to a TUN device (the default; needs root or CAP_NET_ADMIN): --interface NAME (default "
                        + "gmgw%%d, numbered by the kernel) gets the tunnel's address, MTU and routes (the split-include"
                        + " networks, or everything as two /1 routes), runs until SIGINT or SIGTERM, and is removed "
                        + "on exit with its routes; DNS servers are printed, not applied. Without root: --ping (the "
                        + "client pings an address inside, through the tunnel, and ends) or --script-tun --script "
                        + "CMD (CMD gets one end of a datagram socket pair as file descriptor $VPNFD=3, one IP packet "
                        + "per datagram, and the vpnc-script variables, as with openconnect).",
                "A gateway whose group asks for a dynamic password (GB/T 38556 token) after the certificate, or for a "
                        + "user name and a dynamic password, gets them from --user and --otp-fd N, "
                        + "--otp-file FILE or the terminal (no echo).",
                "Progress goes to standard error; --json prints a summary on standard output at the end.",
                "Exit 0 when the session ended as asked (every ping answered); 1 when pings went unanswered; 2 when "
                        + "the gateway's certificate or name is not accepted, or the gateway refused ours in the "
                        + "handshake (e.g. certificate_revoked: ask for a new certificate); 4 when the gateway broke the protocol; "
                        + "69 when it is unreachable, busy, ended the session, or the network failed for longer than "
                        + "--reconnect-timeout, or TUN mode has no /dev/net/tun; 77 when it refused the login or the "
                        + "session cookie, or TUN mode lacks root."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw connect https://localhost:4433/ --trust demo/pki/root/ca.cert.pem \\",
                "      --sign-key demo/pki/issued/demo-user/sign.key.pem \\",
                "      --enc-key demo/pki/issued/demo-user/enc.key.pem \\",
                "      --ping 192.168.99.1 --count 3",
                "  gmgw connect https://localhost:4433/ --trust demo/pki/root/ca.cert.pem \\",
                "      --sign-key demo/pki/issued/demo-user/sign.key.pem \\",
                "      --enc-key demo/pki/issued/demo-user/enc.key.pem \\",
                "      --script-tun --script ./packet-peer --json",
                "  gmgw connect https://localhost:4433/ --trust demo/pki/root/ca.cert.pem \\",
                "      --sign-key demo/pki/issued/demo-user/sign.key.pem \\",
                "      --enc-key demo/pki/issued/demo-user/enc.key.pem \\",
                "      --ping 192.168.99.1 --otp-fd 3 3<otp.txt"})
public final class ConnectCommand implements Callable<Integer> {
    /** How long a signal waits for the logoff (BYE) to go out before the process ends anyway. */
    private static final Duration LOGOFF_WAIT = Duration.ofSeconds(5);

    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The gateway: https://HOST[:PORT][/GROUP] (port 443 "
            + "when not given; an IPv6 address in brackets).")
    private String url;

    @Option(names = "--trust", paramLabel = "CA.pem", required = true,
            description = "Trust anchors for the gateway's certificates (one or more PEM certificates).")
    private Path trust;

    @Option(names = "--tls", description = "Use TLS 1.3/1.2 instead of TLCP (for ocserv and other TLS-only "
            + "gateways); the client certificate then comes from --certificate and --sslkey.")
    private boolean tls;

    @Option(names = "--certificate", paramLabel = "PEM", description = "With --tls: the client certificate (RSA "
            + "or ECDSA; its chain may follow in the same file), as openconnect's --certificate.")
    private Path tlsCertificate;

    @Option(names = "--sslkey", paramLabel = "PEM", description = "With --tls: the client certificate's private key"
            + " (unencrypted PKCS#8 PEM, mode 0600).")
    private Path tlsKey;

    @Option(names = "--ping", paramLabel = "ADDR", description = "Ping ADDR (an IPv4 or IPv6 address inside) "
            + "through the tunnel, print the replies as ping does, then log off.")
    private String ping;

    @Option(names = "--count", paramLabel = "N", defaultValue = "3",
            description = "Echo requests to send with --ping (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "Time between echo requests (default: ${DEFAULT-VALUE}; at least 0.01).")
    private double interval;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for replies after the last request (default: ${DEFAULT-VALUE}).")
    private double waitSeconds;

    @Option(names = "--script-tun", description = "Hand the packets to the --script program instead of a TUN device "
            + "(no root needed), as openconnect --script-tun does.")
    private boolean scriptTun;

    @Option(names = "--script", paramLabel = "CMD", description = "With --script-tun: the command (run by /bin/sh "
            + "-c) that reads and writes packets on file descriptor $VPNFD.")
    private String script;

    @Option(names = "--interface", paramLabel = "NAME", description = "TUN mode: the device's name (at most 15 "
            + "characters; a %%d is numbered by the kernel; default: gmgw%%d).")
    private String interfaceName;

    @Option(names = "--reconnect-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to keep trying to reconnect after a loss (default: ${DEFAULT-VALUE}).")
    private int reconnectTimeout;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Limit for each TCP connection, handshake and gateway reply (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Option(names = "--base-mtu", paramLabel = "BYTES",
            description = "The link MTU told to the gateway (X-CSTP-Base-MTU; default: the MTU of the interface the"
                    + " connection leaves by, as openconnect measures it, else 1406).")
    private Integer baseMtu;

    @Option(names = "--mtu", paramLabel = "BYTES", description = "The tunnel MTU to ask for (default: base MTU - 110,"
            + " as openconnect asks).")
    private Integer mtu;

    @Option(names = "--disable-ipv6", description = "Ask for IPv4 only.")
    private boolean disableIpv6;

    @Option(names = "--user", paramLabel = "NAME", description = "The user name for a login form that asks for one "
            + "(a group whose login is a dynamic password alone), as openconnect's --user.")
    private String user;

    @Option(names = "--otp-fd", paramLabel = "N", description = "Read the dynamic password a login form asks "
            + "for from file descriptor N, one line per form (for scripts; open it in the shell, such as 3<otp.txt).")
    private Integer passwordFd;

    @Option(names = "--otp-file", paramLabel = "FILE", description = "Read the dynamic password from the first "
            + "line of FILE (mode 0600). Without --otp-fd or --otp-file the password is asked on the "
            + "terminal without echo; it is never taken from the command line.")
    private Path passwordFile;

    @Option(names = "--local-hostname", paramLabel = "NAME", description = "The name told to the gateway "
            + "(X-CSTP-Hostname; default: this host's name).")
    private String localHostname;

    @Mixin
    private TlcpEndpointOptions endpoint;

    @Mixin
    private TlcpClientOptions client;

    @Mixin
    private JsonOption json;

    ConnectCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        VpnUrl gateway;
        try {
            gateway = VpnUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.USAGE, e.getMessage());
        }
        InetAddress pingTarget = checkPacketMode();
        ClientProfile profile = profile();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        TunPackets tun = ping != null || scriptTun ? null : TunMode.prepare(gateway, Objects.requireNonNullElse(
                interfaceName, TunMode.DEFAULT_NAME), line -> print(err, "gmgw connect: " + line));
        CryptoModule module = bootstrap.approvedModule();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        checkTlsOptions();
        TlcpCredentials credentials = tls ? null : endpoint.credentials(module);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (credentials) { // the keys are closed (and wiped) when the command ends
            SecureChannelFactory channels = tls ? tlsChannels(group, gateway, timeout)
                    : tlcpChannels(group, module, credentials, gateway, timeout);
            EventLoop loop = group.next();
            PrintWriter lines = json.enabled() ? err : out; // with --json, standard output is the summary alone
            Pinger pinger = pingTarget == null ? null : new Pinger(pingTarget, count,
                    Duration.ofMillis(Math.round(interval * 1000)), Duration.ofMillis(Math.round(waitSeconds * 1000)),
                    (int) ProcessHandle.current().pid(), loop, line -> print(lines, line));
            LocalPackets packets = pinger != null ? pinger : tun != null ? tun
                    : new ScriptTun(script, System.getenv(), gateway.host(), line -> print(err, "gmgw connect: " + line));
            VpnClient.Settings settings = new VpnClient.Settings(gateway, profile, formAnswers(err),
                    ReconnectPolicy.OPENCONNECT.withTimeout(Duration.ofSeconds(reconnectTimeout)), timeout,
                    Optional.empty(), Optional.empty());
            VpnClient vpn = new VpnClient(settings, channels, packets, loop, line -> print(err, "gmgw connect: "
                    + line));
            AtomicReference<String> endedBy = new AtomicReference<>();
            TokenRemovalWatch watch = credentials == null ? null : TokenRemovalWatch.of(credentials.signingKey(),
                    reason -> {
                        boolean asked = vpn.parameters().map(TunnelParameters::smartcardRemovalDisconnect)
                                .orElse(false);
                        if (asked) {
                            endedBy.compareAndSet(null, reason);
                            vpn.disconnect(reason);
                        } else {
                            print(err, "gmgw connect: " + reason + "; the gateway did not ask to disconnect on "
                                    + "removal, so the tunnel stays up until its next handshake needs the key");
                        }
                    });
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                vpn.disconnect("Aborted by caller"); // BYE, as openconnect logs off on SIGINT/SIGTERM (cstp.md §9)
                try {
                    finished.await(LOGOFF_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    closeTun(tun); // after the BYE went out (the route to the gateway may be a pinned one)
                }
            }, "connect-logoff");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                print(err, "gmgw connect: connecting to " + gateway + " over " + channels.protocolName()
                        + (tun == null ? "" : "; TUN mode: runs until interrupted (SIGINT or SIGTERM logs off and "
                        + "removes the device and its routes)"));
                VpnClient.Outcome outcome;
                try {
                    outcome = vpn.start().get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the client's outcome failed", e.getCause());
                } finally {
                    if (watch != null) {
                        watch.close();
                    }
                }
                return finish(gateway, outcome, pinger, endedBy.get(), out, err);
            } finally {
                closeTun(tun); // the session closed it already; this covers a failure on the way out
                finished.countDown(); // after the summary: a signal's hook waits for it
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down: the hook is running
                }
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void closeTun(TunPackets tun) {
        if (tun != null) {
            tun.close();
        }
    }

    private SecureChannelFactory tlcpChannels(EventLoopGroup group, CryptoModule module, TlcpCredentials credentials,
            VpnUrl gateway, Duration timeout) throws IOException {
        CertificateVerifier verifier = endpoint.serverVerifier(module, trust);
        TlcpConfig config = client.apply(TlcpConfig.client(module, verifier).audit(bootstrap.audit())
                .suites(endpoint.suites()).credentials(credentials).handshakeTimeout(timeout)
                .sessionCache(TlcpSessionCache.defaults(module.clock())), gateway.host()).build();
        return new TlcpChannelFactory(group, config, timeout);
    }

    /** TLS through the JDK's provider: --trust as the anchors, --certificate/--sslkey as the client's pair. */
    private SecureChannelFactory tlsChannels(EventLoopGroup group, VpnUrl gateway, Duration timeout) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2").trustManager(trust.toFile());
            if (tlsCertificate != null) {
                b.keyManager(tlsCertificate.toFile(), tlsKey.toFile());
            }
            return new TlsChannelFactory(group, b.build(), timeout, client.expectedName(gateway.host()));
        } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.CONFIG, "--tls: cannot use --trust " + trust
                    + (tlsCertificate == null ? "" : ", --certificate " + tlsCertificate + " and --sslkey " + tlsKey)
                    + ": " + e.getMessage() + "; give PEM certificates and an unencrypted PKCS#8 PEM key");
        }
    }

    /** --certificate/--sslkey go with --tls, the TLCP key options without it. */
    private void checkTlsOptions() {
        if (!tls && (tlsCertificate != null || tlsKey != null)) {
            throw new CommandFailedException(ExitCode.USAGE, "--certificate and --sslkey are for --tls; over TLCP "
                    + "give --sign-key (and --enc-key)");
        }
        if (tls && (tlsCertificate == null) != (tlsKey == null)) {
            throw new CommandFailedException(ExitCode.USAGE, "--tls: give --certificate and --sslkey together");
        }
        if (tls && (endpoint.usesTlcpKeys())) {
            throw new CommandFailedException(ExitCode.USAGE, "--sign-key, --enc-key, --crl and --suite are TLCP "
                    + "options; with --tls give --certificate and --sslkey");
        }
    }

    private int finish(VpnUrl gateway, VpnClient.Outcome o, Pinger pinger, String endedBy, PrintWriter out,
            PrintWriter err) {
        Pinger.Result ping = pinger == null ? null : pinger.result();
        ExitCode code;
        String message;
        switch (o.reason()) {
            case LOGGED_OFF -> {
                if (endedBy != null) {
                    code = ExitCode.UNAVAILABLE;
                    message = endedBy + ": the session was ended, as the gateway asked";
                } else if (ping != null && !ping.complete()) {
                    code = ExitCode.VERIFICATION_FAILED;
                    message = (ping.transmitted() - ping.received()) + " of " + ping.transmitted() + " echo requests "
                            + "to " + ping.target().getHostAddress() + " got no reply through the tunnel; check that "
                            + "the address is inside and the gateway's policy lets ICMP through";
                } else {
                    code = ExitCode.OK;
                    message = o.message();
                }
            }
            case SERVER_ENDED -> {
                code = ExitCode.UNAVAILABLE;
                message = o.message();
            }
            default -> {
                VpnClientException f = o.failure().orElseThrow();
                code = exitCode(f);
                message = f.getMessage();
            }
        }
        if (json.enabled()) {
            json.print(out, ConnectReport.of(gateway.toString(), o, o.reason().name().toLowerCase(java.util.Locale.ROOT),
                    code.code(), ping));
        }
        if (code != ExitCode.OK) {
            throw new CommandFailedException(code, message);
        }
        print(err, "gmgw connect: session ended: " + message);
        return ExitCode.OK.code();
    }

    private static ExitCode exitCode(VpnClientException f) {
        return switch (f.kind()) {
            case AUTH_REFUSED, COOKIE_REJECTED -> ExitCode.PERMISSION_DENIED;
            case SERVER_UNAVAILABLE, NETWORK, ADDRESS_CHANGED -> ExitCode.UNAVAILABLE;
            case PROTOCOL -> ExitCode.MALFORMED_INPUT;
            case SECURE_CHANNEL -> {
                int c = f.getCause() == null ? ExitCode.VERIFICATION_FAILED.code()
                        : new ExitCodeMapper().getExitCode(f.getCause());
                yield c == ExitCode.CERTIFICATE.code() ? ExitCode.CERTIFICATE : ExitCode.UNAVAILABLE;
            }
        };
    }

    /** Answers to a login form (a dynamic password): --user, --otp-fd or --otp-file, else the terminal. */
    private FormAnswerer formAnswers(PrintWriter err) {
        if (passwordFd != null && passwordFile != null) {
            throw new CommandFailedException(ExitCode.USAGE, "give --otp-fd or --otp-file, not both");
        }
        if (passwordFd != null && passwordFd < 0) {
            throw new CommandFailedException(ExitCode.USAGE, "--otp-fd " + passwordFd + ": give an open file "
                    + "descriptor number, such as 3 with 3<otp.txt");
        }
        Path fd = passwordFd == null ? null : Path.of("/proc/self/fd/" + passwordFd);
        return new FormPrompt(user, passwordFile, fd, FormPrompt.console(), line -> print(err, "gmgw connect: "
                + line));
    }

    /** The ping target, or null in script mode; exactly one packet mode must be chosen. */
    private InetAddress checkPacketMode() {
        if (script != null && !scriptTun) {
            throw new CommandFailedException(ExitCode.USAGE, "--script needs --script-tun (gmgw has no TUN-device "
                    + "scripts): give both, or --ping ADDR");
        }
        if (scriptTun && script == null) {
            throw new CommandFailedException(ExitCode.USAGE, "--script-tun needs --script CMD, the program that "
                    + "reads and writes the packets on $VPNFD");
        }
        if (scriptTun && ping != null) {
            throw new CommandFailedException(ExitCode.USAGE, "give --ping ADDR or --script-tun --script CMD, not both");
        }
        if (interfaceName != null && (scriptTun || ping != null)) {
            throw new CommandFailedException(ExitCode.USAGE, "--interface is for TUN mode; --ping and --script-tun "
                    + "use no TUN device");
        }
        if (ping == null) {
            return null;
        }
        if (count < 1 || count > 100_000 || interval < 0.01 || waitSeconds < 0) {
            throw new CommandFailedException(ExitCode.USAGE, "--count must be 1..100000, --interval at least 0.01 "
                    + "and --wait not negative");
        }
        try {
            return InetAddress.ofLiteral(ping.strip()); // never a name lookup
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.USAGE, "--ping " + ping + ": give an IPv4 or IPv6 address "
                    + "(names are not looked up: the tunnel's DNS is not used by gmgw itself)");
        }
    }

    private ClientProfile profile() {
        String host = localHostname != null ? localHostname : localHostname();
        try {
            String version = VersionInfo.current().gmgw();
            ClientProfile p = baseMtu != null ? ClientProfile.defaults(version, host, baseMtu)
                    : ClientProfile.measuring(version, host);
            if (mtu != null) {
                p = p.withMtu(mtu);
            }
            return disableIpv6 ? p.withoutIpv6() : p;
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.USAGE, e.getMessage());
        }
    }

    /** This host's name without a name lookup (the kernel's), or a neutral one. */
    private static String localHostname() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            return h.isEmpty() || !h.matches("[A-Za-z0-9._-]+") ? "gmgw-client" : h;
        } catch (IOException e) {
            return "gmgw-client";
        }
    }

    private static void print(PrintWriter w, String line) {
        synchronized (w) {
            w.println(line);
            w.flush();
        }
    }
}
