package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import io.gmgw.sslvpn.gateway.GatewayHarness.Frame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that streams DPD-REQs and never reads cannot make the gateway buffer answers without bound (security
 * review #1): answers stop at the write-buffer water mark, and so does reading from that client.
 */
class DpdBackpressureTest {
    /**
     * The far end of a connection whose peer never reads: writes stay pending and count against the channel's water
     * mark, as bytes the kernel could not send would (PendingWriteQueue adds them to the channel's outbound buffer).
     */
    static final class NeverReadingPeer extends ChannelOutboundHandlerAdapter {
        private PendingWriteQueue held;
        private ChannelHandlerContext ctx;
        boolean blocked;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            held = new PendingWriteQueue(ctx);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (blocked) {
                held.add(msg, promise);
            } else {
                ctx.write(msg, promise);
            }
        }

        long heldBytes() {
            return held.bytes();
        }

        /** The peer reads again: everything held goes out. */
        void unblock() {
            blocked = false;
            held.removeAndWriteAll();
            ctx.flush();
        }
    }

    @Test
    void dpdAnswersStopAtTheWaterMarkAndReadingPausesUntilTheClientCatchesUp() {
        int mark = 4096;
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().writeBufferBytes(mark).build(),
                new TestPool(8, true));
        Conn c = h.connect("198.51.100.7", GatewayExchangeTest.ALICE);
        NeverReadingPeer peer = new NeverReadingPeer();
        c.pipeline().addFirst(peer);
        c.send(GatewayHarness.connectRequest(GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE)));
        assertEquals(200, c.reply().status());

        peer.blocked = true;
        byte[] big = new byte[16000];
        for (int i = 0; i < 200; i++) {
            c.send(GatewayHarness.frame(CstpFrameType.DPD_REQUEST, big));
        }
        // Before the fix every request was echoed: 200 x 16 KB held. Now at most one answer passes the mark.
        assertTrue(peer.heldBytes() <= mark + 64, () -> peer.heldBytes() + " bytes held");
        assertFalse(c.isWritable());
        assertFalse(c.config().isAutoRead(), "the gateway stops reading from a client that does not read");
        assertTrue(c.isActive(), "the tunnel itself goes on");

        peer.unblock();
        c.runPendingTasks();
        assertTrue(c.isWritable());
        assertTrue(c.config().isAutoRead(), "reading resumes once the backlog drained");
        c.frames();

        // Small payloads are echoed as ocserv does; large ones answered empty (openconnect's way, §5).
        c.send(GatewayHarness.frame(CstpFrameType.DPD_REQUEST, new byte[] {7, 8, 9}));
        c.send(GatewayHarness.frame(CstpFrameType.DPD_REQUEST, big));
        List<Frame> answers = c.frames();
        assertEquals(2, answers.size());
        assertEquals(CstpFrameType.DPD_RESPONSE, answers.get(0).type());
        assertArrayEquals(new byte[] {7, 8, 9}, answers.get(0).payload());
        assertEquals(0, answers.get(1).payload().length);
        assertFalse(c.finishAndReleaseAll());
    }
}
