package io.gmgw.cli.connect;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.sslvpn.cstp.CstpFrame;
import io.gmgw.sslvpn.cstp.CstpFrameDecoder;
import io.gmgw.sslvpn.cstp.CstpFrameEncoder;
import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the gateway, scripted from cstp.md as ocserv 1.1.6 answers a certificate user (§2.5, §4, §5), over
 * gmgw's TLCP server: the login completes at once when the client sent a certificate (401 otherwise), CONNECT gets
 * ocserv's headers, and ICMP echo requests to {@link #TUNNEL_SIDE} are answered. The gateway itself is another part
 * of issue 15; this lets the command be tested end to end until it lands.
 */
final class ScriptedCstpGateway implements AutoCloseable {
    static final String TUNNEL_SIDE = "192.168.99.1";
    static final String CLIENT_ADDRESS = "192.168.99.2";
    private static final String COMPLETE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<config-auth client=\"vpn\" type=\"complete\"><auth id=\"success\"><title>SSL VPN Service</title>"
            + "</auth></config-auth>\n";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** One per tunnel, in the order of the CONNECTs: completes with the BYE's payload ("b0:reason"). */
    final List<CompletableFuture<String>> byes = new CopyOnWriteArrayList<>();
    /** Completes when the first echo request was answered (the tunnel is up and carries packets). */
    final CompletableFuture<Void> firstEcho = new CompletableFuture<>();

    ScriptedCstpGateway(CryptoModule module, Path pki) throws Exception {
        Path s = pki.resolve("issued/localhost");
        var keys = KeyProviders.load(module);
        var none = KeyOptions.none();
        TlcpCredentials credentials = new TlcpCredentials(
                keys.open(s.resolve("sign.key.pem").toString(), none), cert(s.resolve("sign.cert.pem")),
                keys.open(s.resolve("enc.key.pem").toString(), none), cert(s.resolve("enc.cert.pem")),
                List.of(cert(pki.resolve("intermediate/ca.cert.pem"))));
        CertificateVerifier clients = CertificateVerifier.builder(module)
                .trustAnchors(List.of(cert(pki.resolve("root/ca.cert.pem"))))
                .revocationPolicy(RevocationPolicy.IF_PRESENT).build();
        TlcpConfig config = TlcpConfig.server(module, credentials).clientAuth(ClientAuth.WANT)
                .clientVerifier(clients).withoutClientRevocationCheck()
                .sessionCache(io.gmgw.sslvpn.tlcp.TlcpSessionCache.defaults(module.clock())).build();
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        TlcpHandler tlcp = TlcpHandler.server(config, false);
                        ch.pipeline().addLast("tlcp", tlcp).addLast("http", new HttpServerCodec())
                                .addLast("aggregator", new HttpObjectAggregator(65536))
                                .addLast("gateway", new Http(tlcp));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) listener.localAddress()).getPort();
    }

    private static Sm2Certificate cert(Path p) throws java.io.IOException {
        return Sm2Certificate.fromPem(Files.readString(p)).get(0);
    }

    private final class Http extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final TlcpHandler tlcp;

        Http(TlcpHandler tlcp) {
            this.tlcp = tlcp;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest r) {
            requests.add(r.method() + " " + r.uri() + " resumed=" + tlcp.session().resumed() + " "
                    + r.headers().get("Cookie"));
            boolean hasCertificate = !tlcp.session().peerCertificates().isEmpty();
            if (r.method().equals(HttpMethod.POST)) {
                DefaultFullHttpResponse reply = hasCertificate
                        ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                Unpooled.copiedBuffer(COMPLETE, StandardCharsets.UTF_8))
                        : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED);
                if (hasCertificate) {
                    reply.headers().add("Set-Cookie", "webvpn=T0KEN; Secure; HttpOnly");
                    reply.headers().set("Content-Type", "text/xml");
                }
                reply.headers().set("Content-Length", reply.content().readableBytes());
                ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (!r.method().equals(HttpMethod.CONNECT) || !"webvpn=T0KEN".equals(r.headers().get("Cookie"))) {
                DefaultFullHttpResponse refused = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.UNAUTHORIZED);
                refused.headers().set("Content-Length", 0);
                ctx.writeAndFlush(refused).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.pipeline().remove("aggregator");
            ctx.pipeline().remove("http");
            ctx.pipeline().addAfter("tlcp", "cstp-decoder", new CstpFrameDecoder());
            ctx.pipeline().addAfter("cstp-decoder", "cstp-encoder", CstpFrameEncoder.INSTANCE);
            CompletableFuture<String> bye = new CompletableFuture<>();
            byes.add(bye);
            ctx.pipeline().replace(this, "tunnel", new Tunnel(bye, firstEcho));
            ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 200 CONNECTED\r\nX-CSTP-Version: 1\r\n"
                    + "X-CSTP-DPD: 90\r\nX-CSTP-Address: " + CLIENT_ADDRESS + "\r\nX-CSTP-Netmask: 255.255.255.0\r\n"
                    + "X-CSTP-Split-Include: 10.20.0.0/255.255.0.0\r\nX-CSTP-Keepalive: 32400\r\n"
                    + "X-CSTP-Smartcard-Removal-Disconnect: true\r\nX-CSTP-Base-MTU: 1406\r\nX-CSTP-MTU: 1378\r\n\r\n",
                    StandardCharsets.US_ASCII));
        }
    }

    /** Answers echo requests to the tunnel side; records BYEs. */
    private static final class Tunnel extends SimpleChannelInboundHandler<CstpFrame> {
        private final CompletableFuture<String> bye;
        private final CompletableFuture<Void> firstEcho;

        Tunnel(CompletableFuture<String> bye, CompletableFuture<Void> firstEcho) {
            this.bye = bye;
            this.firstEcho = firstEcho;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, CstpFrame f) {
            switch (f.type()) {
                case DATA -> {
                    ByteBuf p = f.payload();
                    byte[] dst = new byte[4];
                    p.getBytes(p.readerIndex() + 16, dst);
                    if ((p.getByte(p.readerIndex()) >> 4) == 4 && p.getByte(p.readerIndex() + 9) == 1
                            && java.util.Arrays.equals(dst, new byte[] {(byte) 192, (byte) 168, 99, 1})) {
                        ctx.writeAndFlush(CstpFrame.data(echoReply(p)));
                        firstEcho.complete(null);
                    }
                }
                case DPD_REQUEST -> ctx.writeAndFlush(CstpFrame.empty(CstpFrameType.DPD_RESPONSE));
                case DISCONNECT -> {
                    ByteBuf b = f.payload();
                    bye.complete(b.isReadable() ? String.format("%02x:%s", b.getUnsignedByte(b.readerIndex()),
                            b.toString(b.readerIndex() + 1, b.readableBytes() - 1, StandardCharsets.UTF_8)) : "");
                    ctx.close();
                }
                default -> {
                }
            }
        }
    }

    /** An IPv4 echo reply to the request in {@code p}: addresses swapped, type 0, both checksums redone. */
    static ByteBuf echoReply(ByteBuf p) {
        ByteBuf r = p.copy();
        int ihl = (r.getByte(0) & 0xf) * 4;
        byte[] src = new byte[4];
        byte[] dst = new byte[4];
        r.getBytes(12, src);
        r.getBytes(16, dst);
        r.setBytes(12, dst).setBytes(16, src).setShort(10, 0);
        r.setShort(10, checksum(r, 0, ihl));
        r.setByte(ihl, 0).setShort(ihl + 2, 0);
        r.setShort(ihl + 2, checksum(r, ihl, r.readableBytes() - ihl));
        return r;
    }

    private static int checksum(ByteBuf b, int at, int len) {
        long sum = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += b.getUnsignedShort(at + i);
        }
        if (len % 2 == 1) {
            sum += b.getUnsignedByte(at + len - 1) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    @Override
    public void close() throws InterruptedException {
        listener.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
