package io.gmgw.sslvpn.tlcp.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The per-thread read array: reused while free, never lent twice at once, never grown past its bound. */
class ReadBufferTest {
    @Test
    void reusedWhileFreeAndGrownOnlyAsNeeded() {
        TlcpHandler.ReadBuffer lender = new TlcpHandler.ReadBuffer();
        byte[] first = lender.borrow(2048);
        assertEquals(2048, first.length);
        lender.giveBack(first);
        assertSame(first, lender.borrow(100), "a smaller read takes the same array");
        lender.giveBack(first);
        byte[] bigger = lender.borrow(65536);
        assertEquals(65536, bigger.length);
        lender.giveBack(bigger);
        assertSame(bigger, lender.borrow(3000));
        lender.giveBack(bigger);
    }

    @Test
    void aNestedReadGetsItsOwnArray() {
        TlcpHandler.ReadBuffer lender = new TlcpHandler.ReadBuffer();
        byte[] outer = lender.borrow(4096);
        byte[] inner = lender.borrow(4096);
        assertNotSame(outer, inner, "the array is not lent twice");
        lender.giveBack(inner); // giving back the fresh one must not free the lent one
        assertNotSame(outer, lender.borrow(10));
        lender.giveBack(outer);
        assertSame(outer, lender.borrow(10));
    }

    @Test
    void oversizedReadsDoNotGrowTheArray() {
        TlcpHandler.ReadBuffer lender = new TlcpHandler.ReadBuffer();
        byte[] normal = lender.borrow(1024);
        lender.giveBack(normal);
        byte[] huge = lender.borrow(TlcpHandler.ReadBuffer.MAX_LENT + 1);
        assertEquals(TlcpHandler.ReadBuffer.MAX_LENT + 1, huge.length);
        lender.giveBack(huge);
        assertSame(normal, lender.borrow(1024), "the kept array is still the small one");
    }
}
