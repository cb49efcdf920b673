package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What a client writes in its login (the group it asks for) reaches a log line only filtered (security review #13). */
class LoginLogInjectionTest {
    private final ListAppender<ILoggingEvent> cstp = new ListAppender<>();

    @BeforeEach
    void capture() {
        cstp.start();
        ((Logger) LoggerFactory.getLogger("cstp")).addAppender(cstp);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger("cstp")).detachAppender(cstp);
    }

    @Test
    void aGroupSelectWithLineBreaksCannotForgeALogLine() {
        GatewayHarness h = new GatewayHarness();
        Conn c = h.connect("198.51.100.7", GatewayExchangeTest.ALICE);
        // A literal CR LF inside the XML text: the parser keeps it (as one LF), and it must not end the WARN line.
        c.send(GatewayHarness.init("/", "x\r\n12:00:00.000 WARN  cstp - cstp: admin\tlogged in"));
        assertEquals(401, c.reply().status());
        c.finishAndReleaseAll();
        List<String> refused = cstp.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("login refused")).toList();
        assertEquals(1, refused.size(), refused::toString);
        String line = refused.getFirst();
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\t"), line);
        assertTrue(line.contains("asked for group 'x?12:00:00.000 WARN"), line);
        String audited = h.auditSink.of("sslvpn.login").getFirst().reason();
        assertFalse(audited.contains("\n") || audited.contains("\t"), audited);
    }
}
