package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.ModuleState;
import io.gmgw.crypto.selftest.PowerOnSelfTests;
import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random mutations of real flights, thousands per run: a genuine client flight into fresh server engines and a
 * genuine server flight into fresh client engines. Every engine must end either still waiting, established, or with a
 * {@link TlcpAlertException} other than internal_error (which would mean some other exception escaped the code), and
 * be closed after one. Each engine gets a deterministic module with the recording's seed, so an unmutated replay
 * establishes and mutations reach every handshake state. A failure names the case seed to replay it.
 */
class TlcpRobustnessTest {
    /** Cases per suite and direction; raise it for a longer run: -Dgmgw.tlcp.robustnessCases=20000. */
    static final int CASES = Integer.getInteger("gmgw.tlcp.robustnessCases", 250);
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;
    static TlcpCredentials client;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-robustness");
        pki = new TestPki(module);
        server = pki.server("localhost");
        client = pki.client("mallory");
    }

    /**
     * A deterministic module per engine. The full self-test suite already passed in the class's module; running it
     * again for each of thousands of engines would cost most of the test's time, so these run the SM3 one only.
     */
    static CryptoModule caseModule(String seed) {
        CryptoModule m = CryptoModule.start(CryptoModule.Options.deterministic(seed.getBytes(StandardCharsets.UTF_8))
                .selfTests(List.of(PowerOnSelfTests.all().getFirst())));
        assertEquals(ModuleState.APPROVED, m.state());
        return m;
    }

    static TlcpConfig serverConfig(CryptoModule m) {
        return TlcpConfig.server(m, pki.rebind(server, m)).clientVerifier(pki.verifier()).clientAuth(ClientAuth.WANT)
                .build();
    }

    static TlcpConfig clientConfig(CryptoModule m, CipherSuite suite) {
        return TlcpConfig.client(m, pki.verifier()).suites(List.of(suite)).credentials(pki.rebind(client, m))
                .serverName("localhost", true).build();
    }

    static EnginePair.Recording record(CipherSuite suite) {
        return EnginePair.record(clientConfig(caseModule("client"), suite), serverConfig(caseModule("server")));
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void mutatedClientFlightsIntoAServer(CipherSuite suite) {
        EnginePair.Recording r = record(suite);
        run(r.fromClient(), events -> TlcpEngine.server(serverConfig(caseModule("server")), events), "server " + suite);
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void mutatedServerFlightsIntoAClient(CipherSuite suite) {
        EnginePair.Recording r = record(suite);
        run(r.fromServer(), events -> {
            TlcpEngine e = TlcpEngine.client(clientConfig(caseModule("client"), suite), events, null);
            e.start();
            return e;
        }, "client " + suite);
    }

    static void run(List<byte[]> flight, Function<EnginePair.Side, TlcpEngine> engines, String what) {
        Map<AlertDescription, Integer> alerts = new EnumMap<>(AlertDescription.class);
        int established = 0;
        for (int c = 0; c < CASES; c++) {
            final int i = c;
            long seed = what.hashCode() * 1_000_003L + i;
            List<byte[]> input = i == 0 ? flight : mutate(flight, new Random(seed));
            EnginePair.Side events = newSide();
            TlcpEngine engine = engines.apply(events);
            try {
                for (byte[] b : input) {
                    engine.receive(b, 0, b.length);
                }
            } catch (TlcpAlertException e) {
                assertNotEquals(AlertDescription.INTERNAL_ERROR, e.alert(), () -> what + " case " + i + " (seed " + seed
                        + "): " + e.getMessage() + "\n" + describe(input));
                assertEquals(TlcpEngine.Status.CLOSED, engine.status(), what + " case " + i + ": not closed after " + e);
                alerts.merge(e.alert(), 1, Integer::sum);
                continue;
            } catch (RuntimeException | Error e) {
                fail(what + " case " + i + " (seed " + seed + ") threw " + e + "\n" + describe(input), e);
            }
            if (engine.status() == TlcpEngine.Status.ESTABLISHED) {
                established++;
            }
            if (i == 0) {
                assertEquals(TlcpEngine.Status.ESTABLISHED, engine.status(), what + ": the unmutated replay");
                assertEquals("ping", events.received.toString(StandardCharsets.US_ASCII));
                assertTrue(events.closeNotify, what + ": the unmutated replay ends with close_notify");
            }
        }
        // The mutations must reach past the first message: several kinds of failure, and some survivors.
        assertTrue(alerts.size() >= 5, what + ": only " + alerts);
        assertTrue(alerts.containsKey(AlertDescription.BAD_RECORD_MAC), what + ": no mutation reached a protected record "
                + alerts);
        assertTrue(established >= 1, what + ": nothing established");
    }

    static EnginePair.Side newSide() {
        return new EnginePair.Side("fuzz");
    }

    static String describe(List<byte[]> input) {
        StringBuilder b = new StringBuilder();
        for (byte[] chunk : input) {
            b.append(HexFormat.of().formatHex(chunk, 0, Math.min(chunk.length, 256)))
                    .append(chunk.length > 256 ? "... (" + chunk.length + " bytes)\n" : "\n");
        }
        return b.toString();
    }

    /** One to three random edits of the flight, sometimes re-cut at random boundaries. */
    static List<byte[]> mutate(List<byte[]> flight, Random r) {
        List<byte[]> chunks = new ArrayList<>();
        for (byte[] b : flight) {
            chunks.add(b.clone());
        }
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int c = r.nextInt(chunks.size());
            byte[] b = chunks.get(c);
            switch (r.nextInt(9)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        int[] values = {0, 1, 0x7f, 0x80, 0xff, r.nextInt(256)};
                        b[r.nextInt(b.length)] = (byte) values[r.nextInt(values.length)];
                    }
                }
                case 2 -> chunks.set(c, java.util.Arrays.copyOf(b, r.nextInt(b.length + 1)));
                case 3 -> {
                    int at = r.nextInt(b.length + 1);
                    byte[] extra = new byte[1 + r.nextInt(16)];
                    r.nextBytes(extra);
                    chunks.set(c, splice(b, at, at, extra));
                }
                case 4 -> {
                    if (b.length > 0) {
                        int from = r.nextInt(b.length);
                        int to = Math.min(b.length, from + 1 + r.nextInt(32));
                        chunks.set(c, splice(b, from, to, new byte[0]));
                    }
                }
                case 5 -> chunks.add(c, b.clone());
                case 6 -> {
                    if (chunks.size() > 1) {
                        chunks.remove(c);
                    }
                }
                case 7 -> java.util.Collections.swap(chunks, c, r.nextInt(chunks.size()));
                default -> lengthField(b, r);
            }
        }
        if (r.nextInt(3) == 0) {
            return recut(chunks, r);
        }
        return chunks;
    }

    /** Sets a record, handshake or vector length near the start of a record to an off-by-one or extreme value. */
    static void lengthField(byte[] b, Random r) {
        if (b.length < 12) {
            return;
        }
        int at = r.nextInt(4) == 0 ? 3 : 5 + r.nextInt(Math.min(b.length - 6, 48));
        int[] deltas = {-1, 1, -0x100, 0x100};
        int value = ((b[at] & 0xff) << 8 | (b[at + 1] & 0xff)) + deltas[r.nextInt(deltas.length)];
        if (r.nextInt(5) == 0) {
            value = r.nextBoolean() ? 0 : 0xffff;
        }
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, from);
        out.writeBytes(insert);
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }

    static List<byte[]> recut(List<byte[]> chunks, Random r) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        byte[] b = all.toByteArray();
        List<byte[]> out = new ArrayList<>();
        int p = 0;
        while (p < b.length) {
            int n = Math.min(b.length - p, 1 + r.nextInt(r.nextBoolean() ? 8 : 600));
            out.add(java.util.Arrays.copyOfRange(b, p, p + n));
            p += n;
        }
        return out;
    }
}
