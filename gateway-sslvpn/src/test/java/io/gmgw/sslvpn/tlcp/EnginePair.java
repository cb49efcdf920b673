package io.gmgw.sslvpn.tlcp;

import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A client engine and a server engine wired back to back in memory. Bytes are queued, not delivered re-entrantly,
 * and {@link #pump()} moves them until both sides are quiet. A tamper hook can rewrite what either side sends.
 */
public final class EnginePair {
    public final Side client = new Side("client");
    public final Side server = new Side("server");
    public final TlcpEngine clientEngine;
    public final TlcpEngine serverEngine;
    private UnaryOperator<byte[]> clientToServer = UnaryOperator.identity();
    private UnaryOperator<byte[]> serverToClient = UnaryOperator.identity();

    /** Everything one side produced. */
    public static final class Side implements TlcpEngine.Listener {
        final String name;
        final Deque<byte[]> outbound = new ArrayDeque<>();
        public final ByteArrayOutputStream received = new ByteArrayOutputStream();
        public TlcpSession session;
        public boolean closeNotify;
        public TlcpAlertException failure;
        /** When set, key operations of keys that may block are taken (as the Netty handler takes them) and wait here. */
        public boolean delegateKeyOperations;
        public final Deque<KeyOperation> keyOperations = new ArrayDeque<>();

        Side(String name) {
            this.name = name;
        }

        @Override
        public void networkOutput(byte[] bytes) {
            outbound.add(bytes);
        }

        @Override
        public void applicationData(byte[] data, int off, int len) {
            received.write(data, off, len);
        }

        @Override
        public void handshakeComplete(TlcpSession s) {
            session = s;
        }

        @Override
        public void closeNotifyReceived() {
            closeNotify = true;
        }

        @Override
        public boolean delegate(KeyOperation operation) {
            if (!delegateKeyOperations || !operation.mayBlock()) {
                return false;
            }
            keyOperations.add(operation);
            return true;
        }
    }

    public EnginePair(TlcpConfig clientConfig, TlcpConfig serverConfig) {
        this(clientConfig, serverConfig, "server:443");
    }

    public EnginePair(TlcpConfig clientConfig, TlcpConfig serverConfig, String peer) {
        clientEngine = TlcpEngine.client(clientConfig, client, peer);
        serverEngine = TlcpEngine.server(serverConfig, server);
    }

    public EnginePair tamperClientToServer(UnaryOperator<byte[]> f) {
        clientToServer = f;
        return this;
    }

    public EnginePair tamperServerToClient(UnaryOperator<byte[]> f) {
        serverToClient = f;
        return this;
    }

    /** Starts the client and pumps until quiet; returns this for chaining. */
    public EnginePair handshake() {
        try {
            clientEngine.start();
        } catch (TlcpAlertException e) {
            client.failure = e;
        }
        pump();
        return this;
    }

    /** Delivers queued bytes both ways until nothing moves; an engine failure is recorded on its side. */
    public void pump() {
        boolean moved = true;
        while (moved) {
            moved = false;
            while (!client.outbound.isEmpty()) {
                moved = true;
                byte[] b = clientToServer.apply(client.outbound.poll());
                if (b != null) {
                    deliver(serverEngine, server, b);
                }
            }
            while (!server.outbound.isEmpty()) {
                moved = true;
                byte[] b = serverToClient.apply(server.outbound.poll());
                if (b != null) {
                    deliver(clientEngine, client, b);
                }
            }
        }
    }

    /** Pumps, running each key operation taken and resuming its engine, until nothing moves. */
    public EnginePair pumpRunningKeyOperations() {
        pump();
        while (!client.keyOperations.isEmpty() || !server.keyOperations.isEmpty()) {
            runTaken(clientEngine, client);
            runTaken(serverEngine, server);
            pump();
        }
        return this;
    }

    /** Runs the key operation {@code side} took, if any, and resumes its engine. */
    public static void runTaken(TlcpEngine engine, Side side) {
        KeyOperation op = side.keyOperations.poll();
        if (op == null) {
            return;
        }
        op.run();
        try {
            engine.resume();
        } catch (TlcpAlertException e) {
            if (side.failure == null) {
                side.failure = e;
            }
        }
    }

    private static void deliver(TlcpEngine engine, Side side, byte[] bytes) {
        try {
            engine.receive(bytes, 0, bytes.length);
        } catch (TlcpAlertException e) {
            if (side.failure == null) {
                side.failure = e;
            }
        }
    }

    public boolean established() {
        return client.session != null && server.session != null;
    }

    /** What each side of a recorded conversation wrote, one entry per write. */
    record Recording(List<byte[]> fromClient, List<byte[]> fromServer) {
    }

    /**
     * Records a genuine conversation between fresh engines of the two configurations (the client made with no peer
     * name): the handshake, "ping" each way, close_notify each way. Throws when any of it fails.
     */
    static Recording record(TlcpConfig clientConfig, TlcpConfig serverConfig) {
        List<byte[]> c = new ArrayList<>();
        List<byte[]> s = new ArrayList<>();
        EnginePair pair = new EnginePair(clientConfig, serverConfig, null);
        pair.tamperClientToServer(b -> {
            c.add(b.clone());
            return b;
        });
        pair.tamperServerToClient(b -> {
            s.add(b.clone());
            return b;
        });
        pair.handshake();
        if (!pair.established()) {
            throw new IllegalStateException("the recording handshake failed: client " + pair.client.failure
                    + ", server " + pair.server.failure);
        }
        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        pair.clientEngine.send(ping, 0, ping.length);
        pair.serverEngine.send(ping, 0, ping.length);
        pair.clientEngine.closeOutbound();
        pair.serverEngine.closeOutbound();
        pair.pump();
        if (!pair.client.closeNotify || !pair.server.closeNotify) {
            throw new IllegalStateException("the recorded conversation did not close with close_notify both ways");
        }
        return new Recording(c, s);
    }
}
