package io.gmgw.interop.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gmgw.crypto.TestModules;
import io.gmgw.interop.tlcp.BgmPeer.ClientConfig;
import io.gmgw.interop.tlcp.BgmPeer.Hello;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins what the client peers' ClientHellos hold, so that gmgw's server is known to face exactly this (and a peer
 * upgrade that changes it is noticed). gm-jsse: no extensions, suites {0xE013, 0x0080} (the second is no TLCP suite
 * and must be ignored). BGMProvider Out of the box it carries two extensions a TLCP server must ignore:
 * supported_groups (10) listing only group 0x00F9 (249, BGMProvider's own number for the SM2 curve, where RFC 8998
 * and Kona use 41) and an empty renegotiation_info (0xFF01). The minimal hello (namedGroups secp256r1 and the
 * renegotiation SCSV) has no extension block at all and ends its suite list with 0x00FF.
 */
class PeerClientHelloTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<Integer> ALL_SUITES = List.of(0xE013, 0xE053, 0xE011, 0xE051);

    @TempDir
    static Path dir;
    static TlcpTestPki pki;

    @BeforeAll
    static void pki() {
        pki = TlcpTestPki.create(TestModules.production(), dir);
    }

    @Test
    void gmJsseHelloHasNoExtensionsAndAStraySuite0x0080() throws Exception {
        GmJssePeer.require();
        try (ClientHelloCapture.Listener listener = new ClientHelloCapture.Listener(WAIT)) {
            ClientRun run = GmJssePeer.runClients(listener.port(), pki.root(), 1);
            assertFalse(run.ok(), "the listener closes after the hello\n" + run.describe());
            ClientHelloCapture hello = listener.hello(WAIT);
            assertEquals(0x0101, hello.recordVersion());
            assertEquals(0x0101, hello.clientVersion());
            assertEquals(0, hello.sessionId().length);
            assertEquals(List.of(0xE013, 0x0080), hello.cipherSuites());
            assertEquals(0, hello.extensions().size());
        }
    }

    @Test
    void bgmDefaultHelloCarriesSupportedGroups249AndRenegotiationInfo() throws Exception {
        ClientHelloCapture hello = capture(Hello.DEFAULT);
        assertEquals(0x0101, hello.recordVersion());
        assertEquals(0x0101, hello.clientVersion());
        assertEquals(0, hello.sessionId().length);
        assertEquals(ALL_SUITES, hello.cipherSuites());
        assertEquals(List.of(10, 0xFF01), List.copyOf(hello.extensions().keySet()));
        assertArrayEquals(new byte[] {0x00, 0x02, 0x00, (byte) 0xF9}, hello.extensions().get(10),
                "supported_groups: one group, 0x00F9");
        assertArrayEquals(new byte[] {0x00}, hello.extensions().get(0xFF01), "renegotiation_info: empty");
    }

    @Test
    void bgmMinimalHelloHasNoExtensionsAndTheRenegotiationScsv() throws Exception {
        ClientHelloCapture hello = capture(Hello.MINIMAL);
        assertEquals(0x0101, hello.clientVersion());
        assertEquals(List.of(0xE013, 0xE053, 0xE011, 0xE051, 0x00FF), hello.cipherSuites());
        assertEquals(0, hello.extensions().size());
    }

    private static ClientHelloCapture capture(Hello style) throws Exception {
        BgmPeer.require();
        try (ClientHelloCapture.Listener listener = new ClientHelloCapture.Listener(WAIT)) {
            ClientRun run = BgmPeer.runClient(ClientConfig.of(listener.port(), pki.root(), TlcpSuite.ECC_SM4_CBC_SM3)
                    .withSuites(TlcpSuite.values()).withHello(style).withCredentials(pki.client()));
            assertFalse(run.ok(), "the listener closes after the hello, so the handshake cannot complete\n"
                    + run.describe());
            return listener.hello(WAIT);
        }
    }
}
