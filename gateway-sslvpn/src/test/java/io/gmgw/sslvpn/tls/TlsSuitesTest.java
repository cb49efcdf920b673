package io.gmgw.sslvpn.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tls.suites} as the server applies it: only the listed suites are offered, in the listed order of
 * preference, suites for the other key type are left out, and a list that leaves a version without a suite is
 * refused when the configuration is built, with what to write.
 */
class TlsSuitesTest {
    static TlsTestPki pki;
    static TlsTestPki.Pair ecServer;
    static TlsTestPki.Pair rsaServer;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TlsTestPki("suites");
        ecServer = pki.server(TlsTestPki.ec());
        rsaServer = pki.server(TlsTestPki.rsa());
    }

    static final class Events extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt);
        }

        SecureChannelEvent secureEvent() {
            return seen.stream().filter(SecureChannelEvent.class::isInstance).map(SecureChannelEvent.class::cast)
                    .findFirst().orElseThrow();
        }
    }

    private static TlsServerConfig.Builder config(TlsTestPki.Pair server) {
        return TlsServerConfig.server(server.key(), server.chain()).clock(Clock.fixed(TlsTestPki.NOW, ZoneOffset.UTC));
    }

    /** The suite a JDK client offering {@code offered} (all of the JDK's when empty) gets, or the server's alert. */
    private static Object negotiate(TlsServerConfig config, String version, String... offered) throws Exception {
        Events events = new Events();
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandler(config), events);
        JdkEngineClient client = new JdkEngineClient(pki.jdkClientContext(null), version);
        if (offered.length > 0) {
            client.engine.setEnabledCipherSuites(offered);
        }
        try {
            client.handshake(ch);
        } catch (SSLException e) {
            // the server's alert is in its event
        }
        SecureChannelEvent event = events.secureEvent();
        ch.finishAndReleaseAll();
        if (!event.isSuccess()) {
            return assertInstanceOf(TlsAlertException.class, event.cause()).alert();
        }
        return event.session().cipherSuite();
    }

    @Test
    void theFirstListedSuiteTheClientOffersWins() throws Exception {
        TlsServerConfig c = config(ecServer).suites(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")).build();
        assertEquals(List.of(TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384), c.suites());
        assertEquals("TLS_AES_256_GCM_SHA384", negotiate(c, "TLSv1.3"), "the server's order, not the default's");
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", negotiate(c, "TLSv1.2"));
    }

    @Test
    void aSuiteThatIsNotListedIsNotOffered() throws Exception {
        TlsServerConfig c = config(ecServer).suites(List.of("TLS_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")).build();
        assertEquals((short) AlertDescription.handshake_failure, negotiate(c, "TLSv1.3", "TLS_AES_128_GCM_SHA256"));
        assertEquals((short) AlertDescription.handshake_failure, negotiate(c, "TLSv1.2",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
        assertEquals("TLS_AES_256_GCM_SHA384", negotiate(c, "TLSv1.3", "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384"));
    }

    @Test
    void suitesForTheOtherKeyTypeAreLeftOutAndAListWithNoneUsableIsRefused() {
        TlsServerConfig c = config(rsaServer).suites(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).build();
        assertEquals(List.of(TlsCipherSuite.TLS_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256), c.suites());

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> config(rsaServer)
                .suites(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).build());
        assertTrue(none.getMessage().startsWith("no listed suite works with this RSA server key"), none.getMessage());
        assertTrue(none.getMessage().contains("add one of TLS_AES_128_GCM_SHA256"), none.getMessage());

        IllegalArgumentException no12 = assertThrows(IllegalArgumentException.class, () -> config(rsaServer)
                .suites(List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).build());
        assertEquals("no listed suite serves TLSv1.2 with this RSA server key, so TLSv1.2 clients could not connect; "
                + "add one of TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "
                + "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 to the suites, or remove TLSv1.2 from the protocols",
                no12.getMessage());
        assertFalse(config(rsaServer).versions(List.of("TLSv1.3")).suites(List.of("TLS_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).build().suites().isEmpty(), "without TLS 1.2 it is fine");

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> config(ecServer)
                .suites(List.of("TLS_RSA_WITH_AES_128_CBC_SHA")));
        assertTrue(unknown.getMessage().startsWith("suite 'TLS_RSA_WITH_AES_128_CBC_SHA' is not one gmgw offers"),
                unknown.getMessage());
    }
}
