package io.gmgw.sslvpn.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.pki.Pem;
import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tls.TlsServerConfig;
import io.gmgw.sslvpn.tls.TlsTestPki;
import io.gmgw.testing.SystemPeers;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's openconnect 9.01 (GnuTLS 3.7) against the gateway's port, TLS with a client certificate: the handshake
 * completes on both sides with the certificate openconnect was given. Only the secure channel is under test here:
 * the layer above closes after the handshake, so openconnect's login then fails, which it reports and exits on.
 */
class OpenconnectTlsInteropTest {
    @TempDir
    Path dir;

    /**
     * The client key as OpenSSL writes PKCS#8: the inner RFC 5915 ECPrivateKey carries the public key. The JDK leaves
     * it out, and GnuTLS 3.7 then refuses the file ("ASN1 parser: Element was not found").
     */
    private static byte[] opensslPkcs8(TlsTestPki.Pair pair) throws java.io.IOException {
        java.security.interfaces.ECPrivateKey k = (java.security.interfaces.ECPrivateKey) pair.key();
        var spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                pair.certificate().getPublicKey().getEncoded());
        var curve = new org.bouncycastle.asn1.x9.X962Parameters(
                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1);
        var inner = new org.bouncycastle.asn1.sec.ECPrivateKey(256, k.getS(), spki.getPublicKeyData(), curve);
        return new org.bouncycastle.asn1.pkcs.PrivateKeyInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey, curve), inner).getEncoded();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC", "RSA"})
    void openconnectCompletesTheTlsHandshakeWithItsClientCertificate(String keyType) throws Exception {
        Path openconnect = SystemPeers.requireProgram("openconnect", "apt-get install openconnect");
        TlsTestPki pki = new TlsTestPki("openconnect");
        KeyPair serverKey = keyType.equals("EC") ? TlsTestPki.ec() : TlsTestPki.rsa();
        TlsTestPki.Pair server = pki.server(serverKey);
        TlsTestPki.Pair user = pki.client("oc-user");
        Path ca = Files.writeString(dir.resolve("ca.pem"), Pem.encode("CERTIFICATE", pki.ca.getEncoded()));
        Path cert = Files.writeString(dir.resolve("user.pem"), Pem.encode("CERTIFICATE",
                user.certificate().getEncoded()));
        Path key = Files.writeString(dir.resolve("user.key"), Pem.encode("PRIVATE KEY", opensslPkcs8(user)));
        TlsServerConfig tls = TlsServerConfig.server(server.key(), server.chain())
                .clientAuth(ClientAuth.NEED, pki.verifier(pki.crl())).build();
        BlockingQueue<SecureChannelEvent> events = new LinkedBlockingQueue<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new SecureChannelInitializer(null, tls, null,
                            ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                    if (evt instanceof SecureChannelEvent e) {
                                        events.add(e);
                                        ctx.close(); // no tunnel layer here: the channel is what is tested
                                    }
                                }

                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ReferenceCountUtil.release(msg);
                                }
                            })))
                    .bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)).sync().channel();
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            Process p = new ProcessBuilder(openconnect.toString(), "--authenticate", "--non-inter", "--no-dtls",
                    "--no-system-trust", "--cafile=" + ca, "-c", cert.toString(), "-k", key.toString(),
                    "--reconnect-timeout=1", "https://127.0.0.1:" + port + "/")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            boolean exited = p.waitFor(60, TimeUnit.SECONDS);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!exited) {
                p.destroyForcibly();
            }
            assertTrue(exited, () -> "openconnect did not exit: " + output);
            assertTrue(output.contains("Connected to HTTPS on 127.0.0.1"), output);
            SecureChannelEvent e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, output);
            assertTrue(e.isSuccess(), () -> e.cause() + "\n" + output);
            assertEquals(SecureSession.Family.TLS, e.session().family());
            assertEquals("TLSv1.3", e.session().protocol(), "GnuTLS 3.7 and the gateway agree on TLS 1.3");
            assertEquals(new X509CertificateHolder(user.certificate().getEncoded()),
                    e.session().peerIdentity().orElseThrow());
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
