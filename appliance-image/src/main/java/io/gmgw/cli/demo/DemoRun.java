package io.gmgw.cli.demo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one {@code gmgw demo} run started and measured: the live steps put the running gateway, the tunnel and the
 * round-trip times here, the summary reads them, and {@link #close()} (the command's last act, also on failure)
 * ends everything the run started, newest first, so nothing is left running.
 */
public final class DemoRun implements AutoCloseable {
    private final List<AutoCloseable> started = new ArrayList<>();
    private LiveDemo.RunningGateway gateway;
    private LiveDemo.TunnelConnection tunnel;
    private final List<Duration> roundTrips = new ArrayList<>();

    /** Records something this run started, to be closed with it. */
    public synchronized <T extends AutoCloseable> T started(T resource) {
        started.add(resource);
        return resource;
    }

    synchronized void gateway(LiveDemo.RunningGateway g) {
        gateway = started(g);
    }

    synchronized void tunnel(LiveDemo.TunnelConnection t) {
        tunnel = started(t);
    }

    synchronized void roundTrip(Duration rtt) {
        roundTrips.add(rtt);
    }

    synchronized Optional<InetSocketAddress> gatewayAddress() {
        return Optional.ofNullable(gateway).map(LiveDemo.RunningGateway::address);
    }

    synchronized Optional<LiveDemo.TunnelConnection> tunnel() {
        return Optional.ofNullable(tunnel);
    }

    synchronized List<Duration> roundTrips() {
        return List.copyOf(roundTrips);
    }

    /** Closes what was started, newest first; the first failure is thrown after all were tried. */
    @Override
    public synchronized void close() {
        RuntimeException first = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException("closing the demo's "
                            + started.get(i) + " failed: " + e.getMessage(), e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (first != null) {
            throw first;
        }
    }
}
