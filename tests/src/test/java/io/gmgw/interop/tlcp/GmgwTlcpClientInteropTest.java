package io.gmgw.interop.tlcp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.netty.TlcpClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** gmgw's TLCP client (behind {@code gmgw tlcp connect}) against BGMProvider's server: the only live check of it. */
class GmgwTlcpClientInteropTest extends TlcpClientInteropContract {
    private static final CryptoModule MODULE = TestModules.production();
    private static TlcpClient client;

    @BeforeAll
    static void eventLoop() {
        client = new TlcpClient(1);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    /** Collects the echo; completes when the payload is back, fails when the connection ends first. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> complete = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final int expected;

        Echo(int expected) {
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                b.readBytes(data, b.readableBytes());
            } catch (java.io.IOException e) {
                complete.completeExceptionally(e);
            } finally {
                b.release();
            }
            if (data.size() >= expected) {
                complete.complete(data.toByteArray());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            complete.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            complete.completeExceptionally(new IllegalStateException("connection closed after " + data.size()
                    + " of " + expected + " echoed bytes"));
            closed.complete(null);
        }
    }

    @Override
    protected ClientOutcome connect(ClientSpec spec) throws Exception {
        TlcpConfig.Builder b = TlcpConfig.client(MODULE, GmgwTlcpEndpoints.verifier(MODULE, spec.trust()))
                .suites(List.of(GmgwTlcpEndpoints.suite(spec.suite())));
        if (spec.credentials() != null) {
            b.credentials(GmgwTlcpEndpoints.credentials(MODULE, spec.credentials()));
        }
        Echo echo = new Echo(spec.payload().length);
        TlcpClient.Connection c = client.connect(b.build(), spec.host(), spec.port(), Duration.ofSeconds(10), echo);
        try {
            TlcpSession session;
            try {
                session = c.handshake().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
            c.channel().writeAndFlush(Unpooled.wrappedBuffer(spec.payload())).sync();
            byte[] echoed = echo.complete.get(30, TimeUnit.SECONDS);
            c.closeOutbound();
            echo.closed.get(30, TimeUnit.SECONDS);
            return new ClientOutcome(GmgwTlcpEndpoints.suite(session.suite()), echoed);
        } finally {
            c.channel().close().syncUninterruptibly();
        }
    }
}
