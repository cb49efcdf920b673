package io.gmgw.sslvpn.tlcp;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzz targets (Jazzer) for the two places a TLCP endpoint takes bytes from the network: a fresh
 * server engine receiving whatever a client sends, and a client engine that has sent its ClientHello receiving whatever
 * a server sends. Both run in the fixed world of {@link TlcpFuzzing}, so the seeds (genuine recorded conversations,
 * every suite, one-way and mutual) replay to the end and mutations of them reach every state: records, each handshake
 * message, certificate parsing and checking, key exchange, Finished, application data and closure. The rule checked
 * for every input is {@link TlcpFuzzing#feed}'s: an alert other than internal_error, or no failure at all.
 *
 * <p>In {@code ./mvnw verify} (regression mode) each target replays its seeds and every finding committed beside them
 * in {@code src/test/resources/io/gmgw/sslvpn/tlcp/TlcpEngineFuzzTestInputs/<target>/}. To fuzz, after
 * {@code ./mvnw -o install -DskipTests}, from {@code gateway-sslvpn/}: {@code JAZZER_FUZZ=1 ../mvnw -o test-compile
 * surefire:test@fuzz-targets -Dtest='TlcpEngineFuzzTest#serverReceives' -Djazzer.max_duration=30m} (docs/fuzzing.md);
 * a finding is written into that directory as {@code crash-<sha1>}, where it stays as a regression input once fixed.
 */
class TlcpEngineFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void serverReceives(byte[] input) {
        TlcpFuzzing.feed(TlcpFuzzing.server(new EnginePair.Side("fuzz")), input);
    }

    @FuzzTest(maxDuration = "10m")
    void clientReceives(byte[] input) {
        TlcpFuzzing.feed(TlcpFuzzing.startedClient(new EnginePair.Side("fuzz")), input);
    }
}
