package io.gmgw.interop.tlcp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * gmgw's TLCP server (the Netty echo server behind {@code gmgw tlcp serve}) against the third-party clients:
 * BGMProvider in every suite, one-way with its default ClientHello and mutual, and gm-jsse 100 times.
 */
class GmgwTlcpServerInteropTest extends TlcpServerInteropContract {
    private static final CryptoModule MODULE = TestModules.production();

    @Override
    protected ServerUnderTest start(ServerSpec spec) throws Exception {
        TlcpConfig config = TlcpConfig.server(MODULE, GmgwTlcpEndpoints.credentials(MODULE, spec.credentials()))
                .suites(spec.suites().stream().map(GmgwTlcpEndpoints::suite).toList())
                // the harness's PKI has no CRLs: what is tested here is the protocol against other implementations
                .clientVerifier(GmgwTlcpEndpoints.verifier(MODULE, spec.trust())).withoutClientRevocationCheck()
                .clientAuth(spec.clientAuth() == BgmPeer.ClientAuth.NEED ? ClientAuth.NEED
                        : spec.clientAuth() == BgmPeer.ClientAuth.WANT ? ClientAuth.WANT : ClientAuth.NONE)
                .sessionCache(TlcpSessionCache.defaults(MODULE.clock())).build();
        TlcpEchoServer server = TlcpEchoServer.start(config,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2);
        return new ServerUnderTest(server.port(), server::close);
    }
}
