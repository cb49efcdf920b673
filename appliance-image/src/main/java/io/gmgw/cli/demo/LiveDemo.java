package io.gmgw.cli.demo;

import io.gmgw.crypto.key.PasswordSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The seams for the demo's live part: the gateway started in this process from {@code DIR/gateway.yaml}, the demo
 * user connected over TLCP with the smart key, pings through the tunnel. The gateway ({@code SslVpnServer}, {@code
 * gmgw sslvpn run}) and the client ({@code gmgw connect}) are built elsewhere; whoever assembles gmgw passes their
 * adapters here and {@link DemoSteps#all(LiveDemo)} adds the steps that use them.
 */
public record LiveDemo(GatewayStarter gateway, ClientConnector client, int pings) {
    public LiveDemo {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(client, "client");
        if (pings < 1) {
            throw new IllegalArgumentException("pings must be at least 1: " + pings);
        }
    }

    /** Starts the gateway in this process (unprivileged: the configuration's data plane is the responder). */
    @FunctionalInterface
    public interface GatewayStarter {
        /**
         * @return the running gateway, listening when this returns
         * @throws io.gmgw.gateway.GatewayException when it cannot start (a port in use, an ACL refused...)
         */
        RunningGateway start(Path config, DemoContext context) throws IOException;
    }

    /** A gateway started by the demo; {@link #close()} stops it, telling its clients (graceful). */
    public interface RunningGateway extends AutoCloseable {
        InetSocketAddress address();

        @Override
        void close();
    }

    /** What the client needs to log in as the demo user with the smart key. */
    public record ConnectRequest(URI gateway, String suite, String signKey, String encKey, PasswordSource pin,
            Path trustAnchor) {
        public ConnectRequest {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(suite, "suite");
            Objects.requireNonNull(signKey, "signKey");
            Objects.requireNonNull(encKey, "encKey");
            Objects.requireNonNull(pin, "pin");
            Objects.requireNonNull(trustAnchor, "trustAnchor");
        }
    }

    /** Connects the client in this process, unprivileged (no TUN: packets stay in the process). */
    @FunctionalInterface
    public interface ClientConnector {
        /** @return the tunnel, established (CSTP CONNECT answered) when this returns */
        TunnelConnection connect(ConnectRequest request, DemoContext context) throws IOException;
    }

    /** An established tunnel; {@link #close()} disconnects (the gateway is told). */
    public interface TunnelConnection extends AutoCloseable {
        /** The negotiated TLCP suite, by GM/T 0024 name (ECC_SM4_GCM_SM3 is E053). */
        String suite();

        /** Whether the login also took a dynamic password (the gateway's group asked for one by form). */
        default boolean usedDynamicPassword() {
            return false;
        }

        /** The client's tunnel address, from the gateway's X-CSTP-Address. */
        InetAddress address();

        /** The gateway's own tunnel address (the first host of the pool), which the responder answers on. */
        InetAddress gatewayAddress();

        /**
         * One ICMP echo request to {@code target} through the tunnel.
         *
         * @return the round-trip time
         * @throws IOException when no reply came within {@code timeout}
         */
        Duration ping(InetAddress target, int sequence, Duration timeout) throws IOException;

        @Override
        void close();
    }
}
