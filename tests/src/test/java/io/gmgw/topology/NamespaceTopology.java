package io.gmgw.topology;

import io.gmgw.testing.SystemPeers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Three network namespaces, {@code client — gateway — inside}, joined by two veth pairs (addresses in {@link
 * TopologyAddresses}), with IPv4 and IPv6 forwarding on in the gateway and routes from the inside host back to the
 * VPN pools through the gateway: the place where a VPN server runs in {@link #gateway()}, its client in {@link
 * #client()}, and the hosts the tunnel should reach in {@link #inside()}.
 *
 * <p>Names are unique per run and topology, {@code gmgw-topo-PID-N-cli|gw|in}; the veth devices are created straight
 * inside their namespaces, so nothing appears on the host. {@link #close()} stops every process the tests started
 * here, kills whatever else still runs in the namespaces (daemons forked by them), and deletes the namespaces, which
 * removes the veths and any TUN device; it does so after failures too. {@link #create} first removes what a crashed
 * earlier run left behind (namespaces with this prefix whose JVM is gone).
 *
 * <p>Needs root and iproute2: on a machine without them the test is skipped, under CI it fails ({@link SystemPeers}).
 */
public final class NamespaceTopology implements AutoCloseable {
    /** Every topology namespace's name starts with this. */
    public static final String PREFIX = "gmgw-topo-";
    static final String INSTALL_HINT = "install Debian package iproute2 and run as root (network namespaces)";
    private static final Pattern OUR_NAME = Pattern.compile("^" + Pattern.quote(PREFIX) + "(\\d+)-\\d+-[a-z]+$");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path workDir;
    private final String base;
    private final TopologyAddresses addresses = TopologyAddresses.DEFAULT;
    private final List<String> created = new ArrayList<>();
    private final List<NamespaceProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> closeHooks = Collections.synchronizedList(new ArrayList<>());
    private final Namespace client;
    private final Namespace gateway;
    private final Namespace inside;

    private NamespaceTopology(Path workDir, String base) {
        this.workDir = workDir;
        this.base = base;
        this.client = new Namespace(base + "cli", "cli", workDir, processes::add);
        this.gateway = new Namespace(base + "gw", "gw", workDir, processes::add);
        this.inside = new Namespace(base + "in", "in", workDir, processes::add);
    }

    /**
     * Builds a topology; process logs and files go to {@code workDir} (a test's {@code @TempDir}). Skips (developer
     * machine) or fails (CI) when namespaces cannot be made here.
     */
    public static NamespaceTopology create(Path workDir) {
        SystemPeers.requireProgram("ip", INSTALL_HINT);
        removeLeftovers();
        String base = PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-";
        NamespaceTopology t = new NamespaceTopology(workDir, base);
        try {
            t.build();
            return t;
        } catch (RuntimeException | Error e) {
            try {
                t.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void build() {
        CommandResult first = Commands.run(COMMAND_TIMEOUT, "ip", "netns", "add", client.name());
        SystemPeers.require(first.ok(), "cannot create a network namespace (" + first.stderr().strip() + "): "
                + INSTALL_HINT);
        created.add(client.name());
        for (Namespace n : List.of(gateway, inside)) {
            host("ip", "netns", "add", n.name());
            created.add(n.name());
        }
        // Each veth end is created in its namespace directly (IFLA_NET_NS_FD), so host names never clash.
        host("ip", "link", "add", "cli0", "netns", client.name(), "type", "veth", "peer", "name", "gwc0", "netns",
                gateway.name());
        host("ip", "link", "add", "gwi0", "netns", gateway.name(), "type", "veth", "peer", "name", "in0", "netns",
                inside.name());
        TopologyAddresses a = addresses;
        configure(client, "cli0", a.client4(), a.client6());
        configure(gateway, "gwc0", a.gatewayOuter4(), a.gatewayOuter6());
        configure(gateway, "gwi0", a.gatewayInner4(), a.gatewayInner6());
        configure(inside, "in0", a.inside4(), a.inside6());
        gateway.runChecked("sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
        inside.runChecked("ip", "route", "add", a.pool4(), "via", a.gatewayInner4());
        inside.runChecked("ip", "-6", "route", "add", a.pool6(), "via", a.gatewayInner6());
    }

    private static void configure(Namespace n, String device, String address4, String address6) {
        n.runChecked("ip", "link", "set", "lo", "up");
        n.runChecked("ip", "addr", "add", address4 + "/" + TopologyAddresses.LINK_PREFIX4, "dev", device);
        n.runChecked("ip", "-6", "addr", "add", address6 + "/" + TopologyAddresses.LINK_PREFIX6, "dev", device,
                "nodad");
        n.runChecked("ip", "link", "set", device, "up");
    }

    private static void host(String... command) {
        Commands.run(COMMAND_TIMEOUT, command).orThrow();
    }

    public Namespace client() {
        return client;
    }

    public Namespace gateway() {
        return gateway;
    }

    public Namespace inside() {
        return inside;
    }

    public TopologyAddresses addresses() {
        return addresses;
    }

    /** Where process logs and the files of servers and clients live. */
    public Path workDir() {
        return workDir;
    }

    /**
     * One more client host, {@code gmgw-topo-…-ROLE}, on a link of its own to the gateway: {@code 10.71.SUBNET.2/24}
     * on {@code cli0} there, {@code 10.71.SUBNET.1/24} on {@code gwSUBNET} in the gateway, and a route to the client
     * network ({@link TopologyAddresses#clientNet4()}) through the gateway, so it reaches a server listening on the
     * gateway's outer address as {@link #client()} does. For tests that make a host vanish ({@link #removeHost}); it
     * is deleted with the topology otherwise.
     */
    public Namespace addClientHost(String role, int subnet) {
        if (subnet < 4 || subnet > 254) {
            throw new IllegalArgumentException("subnet " + subnet + " would clash with the topology's networks");
        }
        Namespace host = new Namespace(base + role, role, workDir, processes::add);
        host("ip", "netns", "add", host.name());
        created.add(host.name());
        String gatewaySide = "gw" + subnet;
        host("ip", "link", "add", "cli0", "netns", host.name(), "type", "veth", "peer", "name", gatewaySide,
                "netns", gateway.name());
        String prefix = "10.71." + subnet + ".";
        configure(host, "cli0", prefix + "2", "fd71:" + subnet + "::2");
        configure(gateway, gatewaySide, prefix + "1", "fd71:" + subnet + "::1");
        host.runChecked("ip", "route", "add", addresses.clientNet4(), "via", prefix + "1");
        return host;
    }

    /**
     * The host vanishes as a pulled cable and a dead machine do: its link is deleted first (both veth ends go, so
     * nothing it sends while dying reaches the gateway, no FIN, no RST), then every process in it is killed and the
     * namespace deleted.
     */
    public void removeHost(Namespace host) {
        if (!created.contains(host.name()) || List.of(client, gateway, inside).contains(host)) {
            throw new IllegalArgumentException(host + " is not a host added by addClientHost");
        }
        host.runChecked("ip", "link", "del", "cli0");
        killAll(host.name());
        host("ip", "netns", "del", host.name());
        created.remove(host.name());
    }

    /**
     * Routes client ↔ inside through the gateway without any tunnel (both families): the raw routed path, the
     * baseline a VPN's throughput is compared with. A test that proves a tunnel must not call it.
     */
    public void routeClientToInsideDirectly() {
        TopologyAddresses a = addresses;
        client.runChecked("ip", "route", "add", a.insideNet4(), "via", a.gatewayOuter4());
        client.runChecked("ip", "-6", "route", "add", a.insideNet6(), "via", a.gatewayOuter6());
        inside.runChecked("ip", "route", "add", a.clientNet4(), "via", a.gatewayInner4());
        inside.runChecked("ip", "-6", "route", "add", a.clientNet6(), "via", a.gatewayInner6());
    }

    /**
     * Runs {@code cleanup} when this topology closes, after its processes were stopped and before the namespaces are
     * deleted (last registered, first run): for files a server needs outside the work directory.
     */
    public void onClose(AutoCloseable cleanup) {
        closeHooks.add(cleanup);
    }

    /**
     * Stops every process started through this topology's namespaces, kills whatever else still runs in them, runs
     * the {@link #onClose} hooks and deletes the namespaces. Goes on after a step fails and reports all failures at
     * the end.
     */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        List<NamespaceProcess> started;
        synchronized (processes) {
            started = new ArrayList<>(processes);
        }
        for (NamespaceProcess p : started.reversed()) {
            p.close();
        }
        for (String name : created) {
            try {
                killAll(name);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        List<AutoCloseable> hooks;
        synchronized (closeHooks) {
            hooks = new ArrayList<>(closeHooks);
            closeHooks.clear();
        }
        for (AutoCloseable hook : hooks.reversed()) {
            try {
                hook.close();
            } catch (Exception e) {
                failures.add(new IllegalStateException("a clean-up step of " + this + " failed", e));
            }
        }
        for (String name : created.reversed()) {
            try {
                host("ip", "netns", "del", name);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        created.clear();
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("could not remove every namespace of " + this);
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    /**
     * Deletes the namespaces of topologies whose JVM is gone (a run that crashed or was killed), with whatever still
     * runs in them; returns their names. Namespaces of live JVMs (other test runs on this machine) are left alone.
     */
    public static List<String> removeLeftovers() {
        List<String> removed = new ArrayList<>();
        for (String name : listNamespaces()) {
            Matcher m = OUR_NAME.matcher(name);
            if (m.matches() && !ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive)
                    .orElse(false)) {
                killAll(name);
                Commands.run(COMMAND_TIMEOUT, "ip", "netns", "del", name);
                removed.add(name);
            }
        }
        return removed;
    }

    /** The names {@code ip netns list} shows. */
    static List<String> listNamespaces() {
        CommandResult r = Commands.run(COMMAND_TIMEOUT, "ip", "netns", "list");
        List<String> names = new ArrayList<>();
        if (!r.ok()) {
            return names;
        }
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }

    static List<Long> pidsOf(String namespace) {
        CommandResult r = Commands.run(COMMAND_TIMEOUT, "ip", "netns", "pids", namespace);
        List<Long> pids = new ArrayList<>();
        if (r.ok()) {
            for (String line : r.stdout().split("\\s+")) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.strip()));
                }
            }
        }
        return pids;
    }

    /** SIGKILL to every process in {@code namespace}, then waits (bounded) until they are gone. */
    private static void killAll(String namespace) {
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (long pid : pidsOf(namespace)) {
            ProcessHandle.of(pid).ifPresent(h -> {
                exits.add(h.onExit());
                h.destroyForcibly();
            });
        }
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("processes in " + namespace + " did not end after SIGKILL: "
                    + pidsOf(namespace), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "topology " + client.name() + " — " + gateway.name() + " — " + inside.name();
    }
}
