package io.gmgw.bench;

import io.gmgw.sslvpn.tls.TlsCryptoProviders;
import io.gmgw.sslvpn.tls.TlsHandler;
import io.gmgw.sslvpn.tls.TlsServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * TLS 1.3 record throughput through the gateway's own path: one write of {@code size} bytes into {@link TlsHandler}
 * (sealed into one record by Bouncy Castle's TLS over the chosen crypto), then opened by a Bouncy Castle TLS client
 * over the same crypto. {@code jdk}: the gateway's default, {@link TlsCryptoProviders#jdkFirst} (SunJCE's AES-GCM, with
 * its AES-NI/CLMUL intrinsics, records through {@code JceGcmCipher}); {@code jdk-bc-records}: the same JDK crypto
 * through Bouncy Castle's own per-record {@code JceAEADCipherImpl} (the gateway before); {@code bouncycastle}:
 * {@link TlsCryptoProviders#bouncyCastle} (Bouncy Castle's own table-driven AES-GCM). TLS_AES_128_GCM_SHA256; 1400 bytes is a full-size CSTP frame, 16384 a full record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TlsRecordBenchmark {
    @Param({"jdk", "jdk-bc-records", "bouncycastle"})
    public String impl;

    @Param({"1400", "16384"})
    public int size;

    private EmbeddedChannel server;
    private TlsClientProtocol client;
    private byte[] payload;
    private byte[] wire;
    private byte[] plain;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        JcaTlsCrypto serverCrypto = crypto(random);
        JcaTlsCrypto clientCrypto = crypto(random);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))),
                name, key.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA")
                .setProvider(new BouncyCastleProvider()).build(key.getPrivate())));
        TlsServerConfig config = TlsServerConfig.server(key.getPrivate(), List.of(cert)).crypto(serverCrypto).build();
        server = new EmbeddedChannel(new TlsHandler(config), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
            }
        });
        client = new TlsClientProtocol();
        client.connect(new DefaultTlsClient(clientCrypto) {
            @Override
            protected int[] getSupportedCipherSuites() {
                return new int[] {CipherSuite.TLS_AES_128_GCM_SHA256};
            }

            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return new ProtocolVersion[] {ProtocolVersion.TLSv13};
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return new ServerOnlyTlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                        // the benchmark's own throw-away certificate: nothing to check
                    }
                };
            }
        });
        wire = new byte[size + 1024];
        plain = new byte[size + 1024];
        while (client.isHandshaking()) {
            int n = client.getAvailableOutputBytes();
            if (n > 0) {
                byte[] out = new byte[n];
                client.readOutput(out, 0, n);
                server.writeInbound(Unpooled.wrappedBuffer(out));
            }
            for (Object o; (o = server.readOutbound()) != null; ) {
                toClient((ByteBuf) o);
            }
            if (n == 0 && client.isHandshaking() && client.getAvailableOutputBytes() == 0) {
                throw new IllegalStateException("the benchmark's TLS handshake stalled");
            }
        }
        // the client's Finished: the client is done once it has read the server's, before it sent its own
        int last = client.getAvailableOutputBytes();
        byte[] finished = new byte[last];
        client.readOutput(finished, 0, last);
        server.writeInbound(Unpooled.wrappedBuffer(finished));
        if (server.pipeline().channel().attr(io.gmgw.sslvpn.channel.SecureSession.ATTRIBUTE).get() == null) {
            throw new IllegalStateException("the gateway side of the benchmark's TLS handshake did not finish");
        }
        payload = new byte[size];
        random.nextBytes(payload);
    }

    private JcaTlsCrypto crypto(SecureRandom random) {
        return switch (impl) {
            case "jdk" -> TlsCryptoProviders.jdkFirst(random);
            case "jdk-bc-records" -> TlsCryptoProviders.jdkFirstBouncyCastleRecords(random);
            case "bouncycastle" -> TlsCryptoProviders.bouncyCastle(random);
            default -> throw new IllegalArgumentException(impl);
        };
    }

    private void toClient(ByteBuf records) throws IOException {
        int n = records.readableBytes();
        byte[] bytes = n <= wire.length ? wire : new byte[n];
        records.readBytes(bytes, 0, n);
        records.release();
        client.offerInput(bytes, 0, n);
    }

    /** One record sealed by the gateway's handler and opened by the client: the plaintext bytes that came out. */
    @Benchmark
    public int sealAndOpen() throws IOException {
        server.writeAndFlush(Unpooled.wrappedBuffer(payload));
        toClient(server.readOutbound());
        return client.readInput(plain, 0, plain.length);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.finishAndReleaseAll();
    }
}
