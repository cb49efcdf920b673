package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fuzz targets' seeds are genuine conversations recorded in {@link TlcpFuzzing}'s fixed world: this checks that
 * each committed seed is still byte for byte what that world records and that it still replays into the target's
 * engine to the end (established, "ping" received, close_notify received). When the engine changes what it sends, the
 * seeds go stale and this fails; record them anew with
 * {@code ./mvnw -pl gateway-sslvpn -am test -Dtest=TlcpFuzzSeedsTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgmgw.tlcp.writeFuzzSeeds=true} and commit the files it writes.
 */
class TlcpFuzzSeedsTest {
    static final String INPUTS = "io/gmgw/sslvpn/tlcp/TlcpEngineFuzzTestInputs/";
    static final String WRITE = "gmgw.tlcp.writeFuzzSeeds";
    static List<TlcpFuzzing.Conversation> conversations;

    /** Where the seeds are committed (written to when recording anew). */
    static Path sourceDirectory() {
        return Path.of(System.getProperty("basedir", "."), "src/test/resources", INPUTS);
    }

    @BeforeAll
    static void record() throws IOException {
        conversations = TlcpFuzzing.conversations();
        if (Boolean.getBoolean(WRITE)) {
            Path dir = sourceDirectory();
            for (TlcpFuzzing.Conversation c : conversations) {
                boolean toServer = c.name().startsWith("to-server");
                Path file = dir.resolve(toServer ? "serverReceives" : "clientReceives").resolve(c.name());
                Files.createDirectories(file.getParent());
                Files.write(file, toServer ? c.fromClient() : c.fromServer());
            }
        }
    }

    @Test
    void seedsIntoTheServerAreCurrentAndReplayToTheEnd() {
        check("to-server", "serverReceives", TlcpFuzzing.Conversation::fromClient, TlcpFuzzing::server);
    }

    @Test
    void seedsIntoTheClientAreCurrentAndReplayToTheEnd() {
        check("to-client", "clientReceives", TlcpFuzzing.Conversation::fromServer, TlcpFuzzing::startedClient);
    }

    private static void check(String prefix, String target, Function<TlcpFuzzing.Conversation, byte[]> sent,
            Function<EnginePair.Side, TlcpEngine> engines) {
        int n = 0;
        for (TlcpFuzzing.Conversation c : conversations) {
            if (!c.name().startsWith(prefix)) {
                continue;
            }
            n++;
            byte[] seed = committed(target + "/" + c.name());
            assertArrayEquals(sent.apply(c), seed, () -> c.name() + ": the committed seed is not what the fuzz world"
                    + " records now (the engine sends something else); record the seeds anew: -D" + WRITE + "=true"
                    + " (see this class's documentation)");
            EnginePair.Side events = new EnginePair.Side("replay");
            TlcpEngine engine = engines.apply(events);
            engine.receive(seed, 0, seed.length);
            assertTrue(events.closeNotify, c.name() + ": close_notify received");
            assertTrue(events.session != null, c.name() + ": handshake completed");
            assertEquals("ping", events.received.toString(StandardCharsets.US_ASCII), c.name());
        }
        assertEquals(prefix.equals("to-server") ? 5 : 4, n, "conversations recorded for " + target);
    }

    /** The committed seed: from the class path, or from the source tree when this run has just recorded it. */
    private static byte[] committed(String name) {
        if (Boolean.getBoolean(WRITE)) {
            try {
                return Files.readAllBytes(sourceDirectory().resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (InputStream in = TlcpFuzzSeedsTest.class.getClassLoader().getResourceAsStream(INPUTS + name)) {
            if (in == null) {
                throw new AssertionError("no committed seed " + INPUTS + name + "; record the seeds with -D" + WRITE
                        + "=true");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
