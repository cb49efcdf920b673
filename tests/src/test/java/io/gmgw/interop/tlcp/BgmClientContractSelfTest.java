package io.gmgw.interop.tlcp;

import io.gmgw.interop.tlcp.BgmPeer.ClientConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link TlcpClientInteropContract} with BGMProvider's client as the client under test: proves the contract, the
 * BGM server peer and gm-crypto's test PKI together, without gmgw's engine. Each connection is a client process of
 * its own (a JVM start, about a second), which is why the contract keeps its connection count small.
 */
class BgmClientContractSelfTest extends TlcpClientInteropContract {
    @Override
    protected ClientOutcome connect(ClientSpec spec) throws IOException {
        Path payload = Files.createTempFile(pkiDir, "payload", ".bin");
        Files.write(payload, spec.payload());
        ClientConfig config = ClientConfig.of(spec.port(), spec.trust(), spec.suite()).withPayloadFile(payload);
        if (spec.credentials() != null) {
            config = config.withCredentials(spec.credentials());
        }
        ClientRun run = BgmPeer.runClient(config);
        if (!run.ok()) {
            throw new IOException("BGM client failed: " + run.describe());
        }
        PeerConnection c = run.connections().get(0);
        // The BGM client compared the echo with the file byte for byte before it reported success.
        return new ClientOutcome(c.suite().orElseThrow(), spec.payload().clone());
    }
}
