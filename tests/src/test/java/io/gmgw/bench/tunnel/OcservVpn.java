package io.gmgw.bench.tunnel;

import io.gmgw.topology.NamespaceProcess;
import io.gmgw.topology.NamespaceTopology;
import io.gmgw.topology.Ocserv;
import io.gmgw.topology.OpenConnect;
import io.gmgw.topology.TlsTestPki;
import io.gmgw.topology.TopologyPrograms;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The anchor of the tunnel benchmark: ocserv 1.1.6 in the gateway namespace and openconnect 9.01 in TUN mode in the
 * client namespace, certificate login, CSTP over TLS 1.3 (AES-256-GCM, GnuTLS's choice), no DTLS (io.gmgw.topology's
 * {@link Ocserv} and {@link OpenConnect}, as OcservAnchorTest runs them). The gateway's CPU is that of ocserv's worker
 * processes (one per tunnel), as GM-REFERENCE.md measured it.
 */
public final class OcservVpn implements VpnUnderTest {
    private TlsTestPki pki;
    private TopologyPrograms programs;

    @Override
    public String name() {
        return "ocserv 1.1.6 + openconnect 9.01, TLS 1.3, TCP only";
    }

    @Override
    public Server startServer(NamespaceTopology topology) throws Exception {
        pki = TlsTestPki.create(topology.workDir().resolve("pki"), topology.addresses().gatewayOuter4());
        programs = TopologyPrograms.install(topology.workDir());
        Ocserv ocserv = Ocserv.start(topology, pki);
        return new OcservServer(ocserv);
    }

    @Override
    public NamespaceProcess startClient(NamespaceTopology topology, Server server) {
        return OpenConnect.startTun(topology, pki, ((OcservServer) server).ocserv.url(), programs);
    }

    @Override
    public void awaitTunnel(NamespaceProcess client, Duration timeout) throws TimeoutException, InterruptedException {
        client.awaitLine(OpenConnect.TUN_CONFIGURED, timeout);
    }

    private record OcservServer(Ocserv ocserv) implements Server {
        @Override
        public List<Long> pids() {
            return ocserv.workerPids();
        }

        @Override
        public String transcript() {
            return ocserv.process().transcript();
        }

        @Override
        public void close() {
            ocserv.close();
        }
    }
}
