package io.gmgw.cli.sslvpn;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM as a request to stop, not as the JVM's shutdown: the command's own thread then stops the gateway
 * in order (clients told, listeners closed, keys wiped, the audit queue flushed) and exits 0, as a daemon under systemd
 * should. A shutdown hook would race the JVM's exit and end with 130 or 143. {@link #close()} puts the previous
 * handlers back. (sun.misc.Signal is in the JDK's jdk.unsupported module, exported for exactly this.)
 */
final class StopSignals implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {
    }

    static StopSignals install(Runnable onStop) {
        StopSignals s = new StopSignals();
        for (String name : List.of("INT", "TERM")) {
            Signal signal = new Signal(name);
            s.previous.add(Signal.handle(signal, sig -> onStop.run()));
            s.signals.add(signal);
        }
        return s;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
