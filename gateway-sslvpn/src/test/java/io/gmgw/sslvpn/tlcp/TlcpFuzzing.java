package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.ModuleState;
import io.gmgw.crypto.selftest.PowerOnSelfTests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The fixed world the TLCP fuzz targets run in: a PKI, a server and a client whose every random value and every clock
 * reading are fixed, so that the same bytes into a fresh engine always meet the same engine. A conversation recorded
 * here (the seeds in {@code TlcpEngineFuzzTestInputs}) therefore replays to the end, Finished and application data
 * included, and the fuzzer's mutations of it reach every handshake state.
 *
 * <p>Changing anything that alters what an engine sends (an extra random draw, another message layout, a different
 * certificate) makes the recorded seeds stale: {@link TlcpFuzzSeedsTest} then fails and says how to record them anew.
 */
final class TlcpFuzzing {
    /** The instant every module, certificate and engine clock of the fuzz world reads. */
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    private static final TestPki PKI = new TestPki(module("pki"), "Fuzz");
    private static final TlcpCredentials SERVER = PKI.server("localhost");
    private static final TlcpCredentials CLIENT = PKI.client("fuzz-client");

    private TlcpFuzzing() {
    }

    /**
     * A deterministic module on the fixed clock. The full power-on self-tests pass once for the PKI's module; each
     * fuzz case's own module runs the SM3 test only, since running them all per case would be most of its cost.
     */
    static CryptoModule module(String seed) {
        CryptoModule.Options options = CryptoModule.Options.deterministic(("tlcp-fuzz-" + seed)
                .getBytes(StandardCharsets.UTF_8)).clock(CLOCK);
        if (!seed.equals("pki")) {
            options.selfTests(List.of(PowerOnSelfTests.all().getFirst()));
        }
        CryptoModule m = CryptoModule.start(options);
        assertEquals(ModuleState.APPROVED, m.state(), () -> "fuzz module " + seed + ": " + m.status());
        return m;
    }

    /**
     * The server every server-side case meets: all four suites in the default order, client certificates wanted
     * (so ECDHE and mutual ECC are reachable as well as one-way ECC), a session cache.
     */
    static TlcpEngine server(EnginePair.Side events) {
        return TlcpEngine.server(serverConfig(module("server"), CipherSuite.DEFAULT_ORDER, ClientAuth.WANT), events);
    }

    /**
     * The client every client-side case meets, already started (its ClientHello sent): offers all four suites, holds
     * a double certificate, sends it in Kona's shape.
     */
    static TlcpEngine startedClient(EnginePair.Side events) {
        TlcpEngine e = TlcpEngine.client(clientConfig(module("client"), CipherSuite.DEFAULT_ORDER, true), events, null);
        e.start();
        return e;
    }

    static TlcpConfig serverConfig(CryptoModule m, List<CipherSuite> suites, ClientAuth auth) {
        return TlcpConfig.server(m, PKI.rebind(SERVER, m)).suites(suites).clock(CLOCK)
                .sessionCache(new TlcpSessionCache(64, Duration.ofHours(1), CLOCK)).clientVerifier(PKI.verifier())
                .clientAuth(auth).build();
    }

    static TlcpConfig clientConfig(CryptoModule m, List<CipherSuite> suites, boolean withCertificate) {
        TlcpConfig.Builder b = TlcpConfig.client(m, PKI.verifier()).suites(suites).clock(CLOCK)
                .serverName("localhost", true);
        if (withCertificate) {
            b.credentials(PKI.rebind(CLIENT, m));
        }
        return b.build();
    }

    /**
     * Feeds {@code input} to {@code engine} in one call and checks the one rule every input must obey: the engine ends
     * still waiting, established, or failed with an alert that is not internal_error (which would mean an exception
     * other than a protocol failure escaped) and closed after it. Any other exception propagates to the fuzzer.
     */
    static void feed(TlcpEngine engine, byte[] input) {
        try {
            engine.receive(input, 0, input.length);
        } catch (TlcpAlertException e) {
            assertNotEquals(AlertDescription.INTERNAL_ERROR, e.alert(), () -> "internal_error: " + e.getMessage());
            assertEquals(TlcpEngine.Status.CLOSED, engine.status(), () -> "not closed after " + e);
        }
    }

    /** One recorded conversation: what the client sent and what the server sent, each concatenated. */
    record Conversation(String name, byte[] fromClient, byte[] fromServer) {
    }

    /**
     * Records a genuine conversation between {@code clientConfig} and {@code serverConfig} (handshake, "ping" each way,
     * close_notify each way), the client engine made like {@link #startedClient}'s.
     */
    static Conversation record(String name, TlcpConfig clientConfig, TlcpConfig serverConfig) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        EnginePair pair = new EnginePair(clientConfig, serverConfig, null);
        pair.tamperClientToServer(b -> {
            c.writeBytes(b);
            return b;
        });
        pair.tamperServerToClient(b -> {
            s.writeBytes(b);
            return b;
        });
        pair.handshake();
        if (!pair.established()) {
            throw new IllegalStateException(name + ": the recording handshake failed: client " + pair.client.failure
                    + ", server " + pair.server.failure);
        }
        pair.clientEngine.send(PING, 0, PING.length);
        pair.serverEngine.send(PING, 0, PING.length);
        pair.clientEngine.closeOutbound();
        pair.serverEngine.closeOutbound();
        pair.pump();
        return new Conversation(name, c.toByteArray(), s.toByteArray());
    }

    /** The conversations the seeds come from: every suite, one-way and mutual, both client certificate shapes. */
    static List<Conversation> conversations() {
        List<CipherSuite> all = CipherSuite.DEFAULT_ORDER;
        return List.of(
                // Into the fixed server (client certificates wanted): clients of every kind.
                record("to-server-e013-no-certificate", clientConfig(module("c1"), List.of(CipherSuite.ECC_SM4_CBC_SM3),
                        false), serverConfig(module("server"), all, ClientAuth.WANT)),
                record("to-server-e053-mutual", clientConfig(module("c2"), List.of(CipherSuite.ECC_SM4_GCM_SM3), true),
                        serverConfig(module("server"), all, ClientAuth.WANT)),
                record("to-server-e011-mutual", clientConfig(module("c3"),
                        List.of(CipherSuite.ECDHE_SM4_CBC_SM3), true), serverConfig(module("server"), all,
                                ClientAuth.WANT)),
                record("to-server-e051-mutual", clientConfig(module("c4"),
                        List.of(CipherSuite.ECDHE_SM4_GCM_SM3), true), serverConfig(module("server"), all,
                                ClientAuth.WANT)),
                record("to-server-e013-signing-chain", gmsslShaped(module("c5")), serverConfig(module("server"), all,
                        ClientAuth.WANT)),
                // From servers of every kind into the fixed client.
                record("to-client-e013-one-way", clientConfig(module("client"), all, true),
                        serverConfig(module("s1"), List.of(CipherSuite.ECC_SM4_CBC_SM3), ClientAuth.NONE)),
                record("to-client-e053-mutual", clientConfig(module("client"), all, true),
                        serverConfig(module("s2"), List.of(CipherSuite.ECC_SM4_GCM_SM3), ClientAuth.NEED)),
                record("to-client-e011-mutual", clientConfig(module("client"), all, true),
                        serverConfig(module("s3"), List.of(CipherSuite.ECDHE_SM4_CBC_SM3), ClientAuth.WANT)),
                record("to-client-e051-mutual", clientConfig(module("client"), all, true),
                        serverConfig(module("s4"), List.of(CipherSuite.ECDHE_SM4_GCM_SM3), ClientAuth.WANT)));
    }

    /** A client sending its signing certificate and chain only, as GmSSL does (ECC suites). */
    private static TlcpConfig gmsslShaped(CryptoModule m) {
        return TlcpConfig.client(m, PKI.verifier()).suites(List.of(CipherSuite.ECC_SM4_CBC_SM3)).clock(CLOCK)
                .credentials(PKI.rebind(CLIENT, m)).clientCertificateShape(ClientCertificateShape.SIGNING_ONLY)
                .build();
    }
}
