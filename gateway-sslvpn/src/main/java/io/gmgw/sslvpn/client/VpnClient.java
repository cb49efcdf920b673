package io.gmgw.sslvpn.client;

import io.gmgw.sslvpn.channel.SecureSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VPN client session, as openconnect 9.01 runs one against ocserv: logs in ({@link Login}, the XML auth exchange,
 * each request on a new secure connection, cstp.md §2), opens the tunnel with {@code CONNECT} on another one (§3, §4),
 * moves packets between the tunnel and its {@link LocalPackets}, reconnects with the same cookie after a loss (at
 * once, then after 10, 20... s, §9) asking for the same addresses and aborting when the gateway gives others, and logs
 * off with BYE on {@link #disconnect(String)} (§10). Everything runs on one event loop; its ticker is the clock.
 */
public final class VpnClient {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");

    /** What the client is to do. {@code cookie} set: skip the login (openconnect's {@code --cookie}). */
    public record Settings(VpnUrl url, ClientProfile profile, FormAnswerer answerer, ReconnectPolicy reconnect,
            Duration replyTimeout, Optional<String> groupSelect, Optional<String> cookie) {
        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(answerer, "answerer");
            Objects.requireNonNull(reconnect, "reconnect");
            Objects.requireNonNull(replyTimeout, "replyTimeout");
        }

        @Override
        public String toString() {
            return "Settings[" + url + ", cookie " + (cookie.isPresent() ? "given" : "none") + "]";
        }
    }

    /** Why the session ended. */
    public enum EndReason {
        /** We logged off (the user, a signal, the local side finished, the token was removed). */
        LOGGED_OFF,
        /** The gateway ended the session. */
        SERVER_ENDED,
        /** It failed; {@link Outcome#failure()} says how. */
        FAILED
    }

    public record Outcome(EndReason reason, String message, Optional<TunnelParameters> parameters,
            Optional<SecureSession> session, int reconnects, TunnelCounters.Snapshot traffic,
            Optional<VpnClientException> failure) {
    }

    /** Progress lines for the user ("connected to ...", "tunnel up ...", "reconnecting ..."). */
    @FunctionalInterface
    public interface Progress {
        void line(String text);
    }

    private enum State { NEW, LOGIN, CONNECTING, UP, WAITING, DONE }

    private final Settings settings;
    private final SecureChannelFactory channels;
    private final LocalPackets packets;
    private final EventLoop loop;
    private final Progress progress;
    private final TunnelCounters counters = new TunnelCounters();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final PacketHandoff handoff;
    private State state = State.NEW;
    private String cookie;
    private TunnelHandler tunnel;
    private Channel pending;
    private TunnelParameters parameters;
    private SecureSession session;
    private boolean packetsOpen;
    private Login login;
    private int reconnects;
    private long lossStart;
    private int attempt;
    private VpnClientException lastFailure;
    private ScheduledFuture<?> retry;
    private String stopReason;

    public VpnClient(Settings settings, SecureChannelFactory channels, LocalPackets packets, EventLoop loop,
            Progress progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.packets = Objects.requireNonNull(packets, "packets");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.handoff = new PacketHandoff(loop, PacketHandoff.DEFAULT_LIMIT, this::sendOnLoop, counters::dropOut);
    }

    /** Starts the session; the future completes when it ends for good (never exceptionally). */
    public CompletableFuture<Outcome> start() {
        onLoop(() -> {
            if (state != State.NEW) {
                return;
            }
            if (settings.cookie().isPresent()) {
                cookie = settings.cookie().get();
                connectTunnel();
            } else {
                state = State.LOGIN;
                login = new Login(settings, this::open, loop, progress);
                login.start().whenComplete((session, failure) -> onLoop(() -> {
                    if (state != State.LOGIN) {
                        return;
                    }
                    if (failure != null) {
                        fail(asClientException(failure));
                    } else {
                        cookie = session;
                        connectTunnel();
                    }
                }));
            }
        });
        return outcome;
    }

    /** Logs off (BYE) and ends the session; safe from any thread, at any time. */
    public void disconnect(String reason) {
        onLoop(() -> {
            if (state == State.DONE) {
                return;
            }
            stopReason = reason;
            switch (state) {
                case UP -> tunnel.disconnect(reason); // ended(LOCAL_ENDED) completes
                case NEW, LOGIN, CONNECTING, WAITING -> {
                    Login l = login;
                    // completed first: cancelling fails the login at once, which must not turn a logoff into a failure
                    complete(EndReason.LOGGED_OFF, reason + " (before the tunnel was up)", null);
                    if (l != null) {
                        l.cancel();
                    }
                }
                default -> {
                }
            }
        });
    }

    /** Drops the tunnel connection without logging off, so that the client reconnects (openconnect's SIGUSR2). */
    public void reconnectNow(String reason) {
        onLoop(() -> {
            if (state == State.UP) {
                tunnel.drop(reason);
            }
        });
    }

    /** The secure session of the tunnel now up (or last up), if the tunnel came up. */
    public Optional<SecureSession> session() {
        return Optional.ofNullable(session);
    }

    /** The parameters of the tunnel, once it was up. */
    public Optional<TunnelParameters> parameters() {
        return Optional.ofNullable(parameters);
    }

    public TunnelCounters counters() {
        return counters;
    }

    // --- tunnel (cstp.md §3-§5, §9) ---

    private void connectTunnel() {
        state = State.CONNECTING;
        ChannelHandler app = TunnelHandler.pipeline(HttpMessages.connect(settings.profile(), settings.url(), cookie,
                Optional.ofNullable(parameters)), settings.profile(), new Events(), settings.replyTimeout(), counters);
        open(app, cause -> onLoop(() -> lost(asClientException(cause))));
    }

    private final class Events implements TunnelHandler.Events {
        @Override
        public void established(TunnelHandler t, TunnelParameters p, SecureSession s) {
            onLoop(() -> up(t, p, s));
        }

        @Override
        public void packet(ByteBuf packet) {
            if (state == State.UP && packetsOpen) {
                packets.fromGateway(packet);
            } else {
                packet.release();
            }
        }

        @Override
        public void ended(TunnelHandler t, TunnelHandler.End end) {
            onLoop(() -> tunnelEnded(t, end));
        }
    }

    private void up(TunnelHandler t, TunnelParameters p, SecureSession s) {
        if (state != State.CONNECTING) {
            t.disconnect(stopReason != null ? stopReason : "client no longer connecting");
            return;
        }
        pending = null;
        tunnel = t;
        session = s;
        String how = s == null ? "" : " over " + s.protocol() + " " + s.cipherSuite() + (s.resumed() ? " (resumed)"
                : "");
        if (parameters == null) {
            parameters = p;
            state = State.UP;
            progress.line("tunnel up" + how + ": address " + p.addressSummary() + ", MTU " + p.mtu()
                    + (p.dpd().isZero() ? "" : ", DPD " + p.dpd().toSeconds() + " s")
                    + (p.banner().isEmpty() ? "" : "; banner: " + Failures.printable(p.banner())));
            try {
                packets.open(p, new Uplink());
                packetsOpen = true;
            } catch (Exception e) {
                LOG.warn("the local packet side could not start: {}", e.toString());
                lastFailure = new VpnClientException(VpnClientException.Kind.NETWORK, "the local side of the tunnel "
                        + "could not start: " + e.getMessage(), e);
                stopReason = "client failed to start its packet path";
                t.disconnect(stopReason);
            }
            return;
        }
        if (!parameters.sameAddresses(p)) {
            // cstp.md §9: openconnect aborts ("Reconnect gave different ... address"); routes and the programs using
            // the old address would break silently otherwise
            lastFailure = new VpnClientException(VpnClientException.Kind.ADDRESS_CHANGED, "the reconnect gave the "
                    + "addresses " + p.addressSummary() + " instead of " + parameters.addressSummary()
                    + "; the tunnel cannot continue: connect again (the gateway should keep the lease for the cookie)");
            stopReason = "address changed on reconnect";
            state = State.UP;
            t.disconnect(stopReason);
            return;
        }
        state = State.UP;
        reconnects++;
        attempt = 0;
        lastFailure = null;
        progress.line("reconnected" + how + ", address " + p.addressSummary());
        if (packetsOpen) {
            packets.reconnected(p);
        }
    }

    private void tunnelEnded(TunnelHandler t, TunnelHandler.End end) {
        if (state == State.DONE) {
            return;
        }
        if (tunnel == t) {
            tunnel = null;
        }
        switch (end.kind()) {
            case LOCAL_ENDED -> {
                if (lastFailure != null) {
                    fail(lastFailure); // we ended it because of a failure (address changed, local side broken)
                } else {
                    complete(EndReason.LOGGED_OFF, end.message(), null);
                }
            }
            case SERVER_ENDED -> complete(EndReason.SERVER_ENDED, end.message(), null);
            case FAILED -> fail(end.failure());
            case LOST -> lost(end.failure() != null ? end.failure()
                    : new VpnClientException(VpnClientException.Kind.NETWORK, end.message()));
        }
    }

    private void lost(VpnClientException why) {
        if (state == State.DONE) {
            return;
        }
        pending = null;
        if (stopReason != null) {
            complete(EndReason.LOGGED_OFF, stopReason, null);
            return;
        }
        if (parameters == null || !why.retryable()) {
            fail(why); // never up: nothing to resume, the user learns at once (openconnect does the same)
            return;
        }
        long now = loop.ticker().nanoTime();
        if (state == State.UP) {
            lossStart = now;
            attempt = 0;
            progress.line("connection lost: " + why.getMessage() + "; reconnecting");
            if (packetsOpen) {
                packets.suspended(why.getMessage());
            }
        }
        lastFailure = why;
        Duration since = Duration.ofNanos(now - lossStart);
        Optional<Duration> wait = settings.reconnect().delayBefore(attempt, since);
        if (wait.isEmpty()) {
            fail(new VpnClientException(VpnClientException.Kind.NETWORK, "could not reconnect within "
                    + settings.reconnect().timeout().toSeconds() + " s (" + attempt + " attempts); last error: "
                    + why.getMessage(), why));
            return;
        }
        state = State.WAITING;
        attempt++;
        if (!wait.get().isZero()) {
            progress.line("reconnect attempt " + attempt + " in " + wait.get().toSeconds() + " s");
        }
        retry = loop.schedule(() -> {
            retry = null;
            if (state == State.WAITING) {
                connectTunnel();
            }
        }, wait.get().toNanos(), TimeUnit.NANOSECONDS);
    }

    private final class Uplink implements LocalPackets.Uplink {
        @Override
        public boolean send(ByteBuf packet) {
            // from a reader thread: through the bounded hand-off, so a fast sender cannot queue without limit
            return loop.inEventLoop() ? sendOnLoop(packet) : handoff.offer(packet);
        }

        @Override
        public void finish(String reason) {
            disconnect(reason);
        }
    }

    /** Into the tunnel, or dropped (and counted) while it is down; the write backlog's bound is TunnelHandler's. */
    private boolean sendOnLoop(ByteBuf packet) {
        TunnelHandler t = tunnel;
        if (state != State.UP || t == null) {
            packet.release();
            counters.dropOut();
            return false;
        }
        return t.sendPacket(packet);
    }

    // --- plumbing ---

    /** Opens a secure connection for {@code app}; returns its channel, or null when it could not even start. */
    private Channel open(ChannelHandler app, java.util.function.Consumer<Throwable> onConnectFailure) {
        ChannelFuture f;
        try {
            f = channels.open(settings.url(), app);
        } catch (RuntimeException e) {
            onConnectFailure.accept(e);
            return null;
        }
        pending = f.channel();
        f.addListener(c -> {
            if (!c.isSuccess()) {
                onConnectFailure.accept(new VpnClientException(VpnClientException.Kind.NETWORK, "cannot connect to "
                        + settings.url().peerKey() + ": " + c.cause().getMessage() + "; check the address and that "
                        + "the gateway is running", c.cause()));
            }
        });
        return pending;
    }

    static VpnClientException asClientException(Throwable t) {
        return t instanceof VpnClientException v ? v
                : new VpnClientException(VpnClientException.Kind.NETWORK, String.valueOf(t.getMessage()), t);
    }

    private void fail(VpnClientException e) {
        if (tunnel != null) {
            TunnelHandler t = tunnel;
            tunnel = null;
            t.disconnect("client error");
        }
        complete(EndReason.FAILED, e.getMessage(), e);
    }

    private void complete(EndReason reason, String message, VpnClientException failure) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        if (retry != null) {
            retry.cancel(false);
        }
        if (pending != null) {
            pending.close();
            pending = null;
        }
        if (packetsOpen) {
            packetsOpen = false;
            try {
                packets.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the local packet side failed: {}", e.toString());
            }
        }
        outcome.complete(new Outcome(reason, message, Optional.ofNullable(parameters), Optional.ofNullable(session),
                reconnects, counters.snapshot(), Optional.ofNullable(failure)));
    }

    private void onLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }
}
