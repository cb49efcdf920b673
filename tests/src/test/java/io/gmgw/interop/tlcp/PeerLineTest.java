package io.gmgw.interop.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The peer programs' line format, and what the facade reads from it. */
class PeerLineTest {
    @Test
    void kindAndFieldsWithEqualsSignsAndSpacesInValues() {
        PeerLine l = PeerLine.parse("CONN\tok=true\tsuite=ECC_SM4_CBC_SM3\tclient=CN=a b,O=x=y\tbytes=12");
        assertEquals("CONN", l.kind());
        assertTrue(l.flag("ok"));
        assertEquals("CN=a b,O=x=y", l.get("client"));
        assertEquals(12, l.number("bytes"));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> l.get("missing"));
        assertTrue(e.getMessage().contains("CONN\tok=true"), e.getMessage());
    }

    @Test
    void textThatIsNotAPeerLineIsAKindWithoutFields() {
        PeerLine l = PeerLine.parse("Exception in thread \"main\" java.lang.Error");
        assertTrue(l.fields().isEmpty());
        assertFalse(l.is("READY"));
    }

    @Test
    void connectionLinesBecomeConnections() {
        PeerConnection server = PeerConnection.of(PeerLine.parse("CONN\tok=true\tprotocol=GMTLS\tsuite=ECDHE_SM4_GCM_SM3"
                + "\tsession=ab\tresumed=true\tclient=CN=c\tbytes=5\tms=7"));
        assertEquals(TlcpSuite.ECDHE_SM4_GCM_SM3, server.suite().orElseThrow());
        assertEquals("CN=c", server.peerSubject());
        assertTrue(server.resumed());
        PeerConnection gmJsse = PeerConnection.of(PeerLine.parse("CONN\tok=true\tsuite=ECC-SM2-WITH-SM4-SM3"
                + "\tserver=CN=localhost"));
        assertEquals(TlcpSuite.ECC_SM4_CBC_SM3, gmJsse.suite().orElseThrow());
        assertEquals("CN=localhost", gmJsse.peerSubject());
        PeerConnection failed = PeerConnection.of(PeerLine.parse("CONN\tok=false\terror=javax.net.ssl.SSLException: x"));
        assertFalse(failed.ok());
        assertTrue(failed.suite().isEmpty());
        assertEquals("javax.net.ssl.SSLException: x", failed.error());
    }

    @Test
    void statsLines() {
        ServerStats s = ServerStats.of(PeerLine.parse("STATS\thandshakes=4\tfailed=0\tbytes=2097152\tcpu-ns=80000000"
                + "\twall-ns=1\tprocessors=2"));
        assertEquals(20.0, s.cpuMillisPerHandshake(), 1e-9);
        assertEquals(40.0, s.cpuMillisPerMib(), 1e-9);
    }
}
