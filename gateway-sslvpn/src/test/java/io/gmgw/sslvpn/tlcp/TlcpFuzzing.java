package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.ModuleState;
import io.gmgw.crypto.selftest.PowerOnSelfTests;
import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
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

    /** A client of the given kind into the fixed server of {@link #server}. */
    private static Conversation toServer(String name, TlcpConfig client) {
        return conversation(name, client, serverConfig(module("server"), CipherSuite.DEFAULT_ORDER, ClientAuth.WANT));
    }

    /** A server of the given kind answering the fixed client of {@link #startedClient}. */
    private static Conversation toClient(String name, TlcpConfig server) {
        return conversation(name, clientConfig(module("client"), CipherSuite.DEFAULT_ORDER, true), server);
    }

    private static Conversation conversation(String name, TlcpConfig client, TlcpConfig server) {
        EnginePair.Recording r = EnginePair.record(client, server);
        return new Conversation(name, concatenate(r.fromClient()), concatenate(r.fromServer()));
    }

    private static byte[] concatenate(List<byte[]> writes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writes.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** The conversations the seeds come from: every suite, one-way and mutual, both client certificate shapes. */
    static List<Conversation> conversations() {
        return List.of(
                toServer("to-server-e013-no-certificate",
                        clientConfig(module("c1"), List.of(CipherSuite.ECC_SM4_CBC_SM3), false)),
                toServer("to-server-e053-mutual", clientConfig(module("c2"), List.of(CipherSuite.ECC_SM4_GCM_SM3), true)),
                toServer("to-server-e011-mutual",
                        clientConfig(module("c3"), List.of(CipherSuite.ECDHE_SM4_CBC_SM3), true)),
                toServer("to-server-e051-mutual",
                        clientConfig(module("c4"), List.of(CipherSuite.ECDHE_SM4_GCM_SM3), true)),
                toServer("to-server-e013-signing-chain", gmsslShaped(module("c5"))),
                toClient("to-client-e013-one-way",
                        serverConfig(module("s1"), List.of(CipherSuite.ECC_SM4_CBC_SM3), ClientAuth.NONE)),
                toClient("to-client-e053-mutual",
                        serverConfig(module("s2"), List.of(CipherSuite.ECC_SM4_GCM_SM3), ClientAuth.NEED)),
                toClient("to-client-e011-mutual",
                        serverConfig(module("s3"), List.of(CipherSuite.ECDHE_SM4_CBC_SM3), ClientAuth.WANT)),
                toClient("to-client-e051-mutual",
                        serverConfig(module("s4"), List.of(CipherSuite.ECDHE_SM4_GCM_SM3), ClientAuth.WANT)));
    }

    /** A client sending its signing certificate and chain only, as GmSSL does (ECC suites). */
    private static TlcpConfig gmsslShaped(CryptoModule m) {
        return TlcpConfig.client(m, PKI.verifier()).suites(List.of(CipherSuite.ECC_SM4_CBC_SM3)).clock(CLOCK)
                .credentials(PKI.rebind(CLIENT, m)).clientCertificateShape(ClientCertificateShape.SIGNING_ONLY)
                .build();
    }
}
