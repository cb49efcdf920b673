package io.gmgw.gateway.tun;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.ip.IpPrefix;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures a network interface with iproute2's {@code ip}, as OpenVPN (before its netlink code), wg-quick and
 * openconnect's vpnc-script do: MTU, addresses, link up, routes. Every command is an argument list (no shell), its
 * arguments are validated addresses and names, its exit code is checked, and a failure is a
 * {@link GatewayException} of kind RESOURCE that quotes the command and what {@code ip} said. Each run has a time
 * limit. Optionally every command runs in a network namespace ({@code ip -n NS}).
 *
 * <p>Why {@code ip} rather than rtnetlink through FFM: these calls happen once per device, not per packet; {@code ip}
 * is on every Linux the gateway runs on and its messages ("RTNETLINK answers: File exists") are the ones operators
 * already search for. The methods here are the seam a netlink implementation would fill later.
 */
public final class IpCommand {
    private static final Logger LOG = LoggerFactory.getLogger("tun");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_OUTPUT = 4096;

    private final String program;
    private final String namespace;
    private final Duration timeout;

    /**
     * Runs {@code program} ("ip", or a path to it) with a time limit of {@code timeout} per command, in network
     * namespace {@code namespace} or in the gateway's own when it is null.
     */
    public IpCommand(String program, String namespace, Duration timeout) {
        if (namespace != null && !NAME.matcher(namespace).matches()) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "network namespace name '" + namespace
                    + "' is not valid: use letters, digits, '_', '.' and '-' (not first)");
        }
        this.program = program;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    /** {@code ip} from PATH, in this process's namespace, 10 s per command. */
    public IpCommand() {
        this("ip", null, Duration.ofSeconds(10));
    }

    /** The network namespace the commands run in; null for this process's own. */
    public String namespace() {
        return namespace;
    }

    /** The same program and time limit, in network namespace {@code name} (null: this process's own). */
    public IpCommand inNamespace(String name) {
        return new IpCommand(program, name, timeout);
    }

    /**
     * Sets {@code device}'s MTU, adds its addresses (IPv6 without duplicate address detection: nobody else is on a
     * tunnel, and a tentative address would refuse packets for a second), brings it up and adds the routes through
     * it. The kernel removes all of it when the device goes (TunDevice.close).
     */
    public void apply(String device, TunSettings settings) {
        checkName(device);
        run("link", "set", "dev", device, "mtu", Integer.toString(settings.mtu()));
        for (IpPrefix address : settings.addresses()) {
            if (address.isIpv6()) {
                run("-6", "addr", "add", address.toString(), "dev", device, "nodad");
            } else {
                run("-4", "addr", "add", address.toString(), "dev", device);
            }
        }
        run("link", "set", "dev", device, "up");
        for (IpPrefix route : settings.routes()) {
            for (IpPrefix part : splitDefault(route)) {
                run(route.isIpv6() ? "-6" : "-4", "route", "add", part.toString(), "dev", device);
            }
        }
        LOG.info("{}: mtu {}, addresses {}, routes {}{}", device, settings.mtu(), settings.addresses(),
                settings.routes(), namespace == null ? "" : " (namespace " + namespace + ")");
    }

    /**
     * A default route (/0) as its two halves (/1 each), which win over the existing default route by being longer
     * without replacing it, so nothing needs restoring when the device goes (OpenVPN's def1, vpnc-script).
     */
    static List<IpPrefix> splitDefault(IpPrefix route) {
        if (route.length() != 0) {
            return List.of(route);
        }
        return List.of(new IpPrefix(route.address(), 1), new IpPrefix(InetAddress.ofLiteral(
                route.isIpv4() ? "128.0.0.0" : "8000::"), 1));
    }

    /**
     * Keeps {@code server} reachable the way it is reachable now, before routes into a tunnel would capture it (a
     * full tunnel, or a split-include network that holds the gateway): adds a host route for it through today's
     * next hop ({@code ip route get}) and returns it, to be {@link PinnedRoute#close closed} when the tunnel goes.
     * Empty when such a host route exists already (it is not ours to remove).
     */
    public Optional<PinnedRoute> pinHostRoute(InetAddress server) {
        return pinRoute(new IpPrefix(server, server instanceof Inet6Address ? 128 : 32), "the VPN server");
    }

    /**
     * Keeps {@code destination} on the path its first address takes now ({@code ip route get}), whatever routes into a
     * tunnel come later: adds a route for it through today's next hop and device, to be {@link PinnedRoute#close
     * closed} when the tunnel goes. This is what vpnc-script does for split-exclude networks (and for the server).
     * Empty when a route for exactly that prefix exists already (it is not ours to remove). {@code purpose} is for
     * the log ("the VPN server", "split-exclude").
     */
    public Optional<PinnedRoute> pinRoute(IpPrefix destination, String purpose) {
        IpPrefix network = destination.network();
        String family = network.isIpv6() ? "-6" : "-4";
        String host = network.toString();
        String first = network.address().getHostAddress();
        String path = run(family, "route", "get", first);
        List<String> tokens = List.of(path.strip().split("\\s+"));
        String via = after(tokens, "via");
        String dev = after(tokens, "dev");
        if (dev == null || !NAME.matcher(dev).matches()) {
            throw new GatewayException(GatewayException.Kind.RESOURCE, "cannot tell how " + first
                    + " is reached today ('ip route get' said: " + path.strip() + ")");
        }
        List<String> route = new ArrayList<>(List.of(host));
        if (via != null) {
            route.addAll(List.of("via", InetAddress.ofLiteral(via).getHostAddress()));
        }
        route.addAll(List.of("dev", dev));
        if (!run(family, "route", "show", host).isBlank()) {
            return Optional.empty();
        }
        List<String> add = new ArrayList<>(List.of(family, "route", "add"));
        add.addAll(route);
        run(add.toArray(String[]::new));
        List<String> del = new ArrayList<>(List.of(family, "route", "del"));
        del.addAll(route);
        return Optional.of(new PinnedRoute(this, String.join(" ", route), del, purpose));
    }

    private static String after(List<String> tokens, String key) {
        int i = tokens.indexOf(key);
        return i >= 0 && i + 1 < tokens.size() ? tokens.get(i + 1) : null;
    }

    /** Moves {@code device} into network namespace {@code target} (its descriptor keeps working from here). */
    public void moveToNamespace(String device, String target) {
        checkName(device);
        checkName(target);
        run("link", "set", "dev", device, "netns", target);
    }

    private void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "'" + name + "' is not a valid interface or"
                    + " namespace name");
        }
    }

    /** Runs {@code ip [-n NS] ARGS...} and returns what it printed (at most 4 KiB). */
    String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(program);
        if (namespace != null) {
            command.add("-n");
            command.add(namespace);
        }
        command.addAll(List.of(args));
        String shown = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new GatewayException(GatewayException.Kind.RESOURCE, "cannot run '" + shown + "': " + e.getMessage()
                    + " (install iproute2, which provides ip)", e);
        }
        try {
            process.getOutputStream().close();
            // ip writes a line or two: far below the pipe's buffer, so waiting before reading cannot deadlock.
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new GatewayException(GatewayException.Kind.RESOURCE, "'" + shown + "' did not finish within "
                        + timeout.toSeconds() + " s");
            }
            String output = readBounded(process.getInputStream()).strip();
            if (process.exitValue() != 0) {
                throw new GatewayException(GatewayException.Kind.RESOURCE, "'" + shown + "' failed (exit "
                        + process.exitValue() + ")" + (output.isEmpty() ? "" : ": " + output)
                        + (output.contains("Operation not permitted") ? "; " + TunErrors.PERMISSION_HINT : ""));
            }
            return output;
        } catch (IOException e) {
            throw new GatewayException(GatewayException.Kind.RESOURCE, "'" + shown + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GatewayException(GatewayException.Kind.RESOURCE, "interrupted while running '" + shown + "'", e);
        }
    }

    private static String readBounded(InputStream in) throws IOException {
        byte[] head = in.readNBytes(MAX_OUTPUT);
        return new String(head, StandardCharsets.UTF_8);
    }
}
