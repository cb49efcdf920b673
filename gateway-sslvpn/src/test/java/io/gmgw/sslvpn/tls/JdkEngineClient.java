package io.gmgw.sslvpn.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The JDK's own TLS client (SunJSSE's SSLEngine) driven by hand against a server {@link EmbeddedChannel}: an
 * independent implementation, and one that decrypts record by record, so a test sees which bytes each record held.
 */
final class JdkEngineClient {
    final SSLEngine engine;
    private ByteBuffer netIn = ByteBuffer.allocate(0);
    /** The plaintext of each record, one entry per record. */
    final List<byte[]> records = new ArrayList<>();
    SSLException failure;

    JdkEngineClient(SSLContext context, String... protocols) {
        engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(protocols);
    }

    /** Runs the handshake with the server channel until both are quiet. */
    void handshake(EmbeddedChannel server) throws SSLException {
        engine.beginHandshake();
        exchange(server);
    }

    /** Moves bytes both ways until nothing moves. */
    void exchange(EmbeddedChannel server) throws SSLException {
        boolean moved = true;
        while (moved && failure == null) {
            moved = false;
            if (netIn.hasRemaining()) {
                int left = netIn.remaining();
                feed(new byte[0]); // records held back while the engine had something to send first
                moved = netIn.remaining() != left;
            }
            byte[] out = wrap(new byte[0]);
            if (out.length > 0 && server.isOpen()) {
                server.writeInbound(Unpooled.wrappedBuffer(out));
                moved = true;
            }
            server.runPendingTasks();
            for (Object o; (o = server.readOutbound()) != null; ) {
                ByteBuf b = (ByteBuf) o;
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                b.release();
                feed(bytes);
                moved = true;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Seals {@code plain} (or, when empty, whatever the handshake needs to send). */
    byte[] wrap(byte[] plain) throws SSLException {
        ByteBuffer src = ByteBuffer.wrap(plain);
        ByteBuffer dst = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * 4);
        do {
            SSLEngineResult r = engine.wrap(src, dst);
            runTasks();
            if (r.bytesProduced() == 0 && engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                break;
            }
        } while (src.hasRemaining() || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP);
        dst.flip();
        byte[] out = new byte[dst.remaining()];
        dst.get(out);
        return out;
    }

    /** Opens what the server sent, record by record. */
    void feed(byte[] bytes) {
        ByteBuffer joined = ByteBuffer.allocate(netIn.remaining() + bytes.length);
        joined.put(netIn).put(bytes).flip();
        netIn = joined;
        try {
            while (netIn.hasRemaining()) {
                ByteBuffer dst = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
                SSLEngineResult r = engine.unwrap(netIn, dst);
                runTasks();
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || r.getStatus()
                        == SSLEngineResult.Status.CLOSED) {
                    break;
                }
                if (r.bytesProduced() > 0) {
                    dst.flip();
                    byte[] plain = new byte[dst.remaining()];
                    dst.get(plain);
                    records.add(plain);
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                        && engine.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP) {
                    break;
                }
            }
        } catch (SSLException e) {
            failure = e;
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
