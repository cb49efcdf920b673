package io.gmgw.interop.tlcp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The first ClientHello a client sends, read off a plain loopback socket that then closes: what a TLCP server must be
 * ready to parse from that client. Only the fields a server looks at are decoded (GB/T 38636 §6.4.5.2.1, the TLS 1.1
 * ClientHello layout with version 0x0101); extensions keep their order.
 *
 * @param recordVersion the record header's version
 * @param clientVersion ClientHello.client_version
 * @param sessionId     the session ID offered (empty for a new session)
 * @param cipherSuites  the suite code points in the client's order
 * @param extensions    extension type to extension data, in order; empty when the hello has no extension block
 */
public record ClientHelloCapture(int recordVersion, int clientVersion, byte[] sessionId, List<Integer> cipherSuites,
        Map<Integer, byte[]> extensions) {
    public ClientHelloCapture {
        cipherSuites = List.copyOf(cipherSuites);
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A listener on an ephemeral loopback port whose first connection's ClientHello becomes {@link #hello}. */
    public static final class Listener implements AutoCloseable {
        private final ServerSocket socket;
        private final CompletableFuture<ClientHelloCapture> hello;

        public Listener(Duration timeout) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            socket.setSoTimeout((int) timeout.toMillis());
            hello = CompletableFuture.supplyAsync(() -> {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout((int) timeout.toMillis());
                    return read(s.getInputStream());
                } catch (IOException e) {
                    throw new IllegalStateException("no ClientHello arrived: " + e, e);
                }
            });
        }

        public int port() {
            return socket.getLocalPort();
        }

        public ClientHelloCapture hello(Duration timeout) throws InterruptedException, TimeoutException {
            try {
                return hello.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Reads one handshake record holding a whole ClientHello. */
    static ClientHelloCapture read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int type = d.readUnsignedByte();
        int recordVersion = d.readUnsignedShort();
        byte[] fragment = new byte[d.readUnsignedShort()];
        d.readFully(fragment);
        if (type != 22) {
            throw new IOException("first record has content type " + type + ", not handshake (22)");
        }
        return parse(recordVersion, ByteBuffer.wrap(fragment));
    }

    static ClientHelloCapture parse(int recordVersion, ByteBuffer b) throws IOException {
        try {
            int msgType = b.get() & 0xff;
            int length = ((b.get() & 0xff) << 16) | (b.getShort() & 0xffff);
            if (msgType != 1 || length != b.remaining()) {
                throw new IOException("not one whole ClientHello in the first record (type " + msgType + ", length "
                        + length + ", " + b.remaining() + " bytes left)");
            }
            int clientVersion = b.getShort() & 0xffff;
            b.position(b.position() + 32);
            byte[] sessionId = new byte[b.get() & 0xff];
            b.get(sessionId);
            int suitesLength = b.getShort() & 0xffff;
            List<Integer> suites = new ArrayList<>();
            for (int i = 0; i < suitesLength; i += 2) {
                suites.add(b.getShort() & 0xffff);
            }
            int compressionMethods = b.get() & 0xff;
            b.position(b.position() + compressionMethods);
            Map<Integer, byte[]> extensions = new LinkedHashMap<>();
            if (b.hasRemaining()) {
                int end = (b.getShort() & 0xffff) + b.position();
                while (b.position() < end) {
                    int extType = b.getShort() & 0xffff;
                    byte[] data = new byte[b.getShort() & 0xffff];
                    b.get(data);
                    extensions.put(extType, data);
                }
            }
            return new ClientHelloCapture(recordVersion, clientVersion, sessionId, suites, extensions);
        } catch (RuntimeException e) {
            throw new IOException("malformed ClientHello: " + e, e);
        }
    }
}
