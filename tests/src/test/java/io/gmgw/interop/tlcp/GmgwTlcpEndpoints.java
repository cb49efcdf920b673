package io.gmgw.interop.tlcp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** gmgw's TLCP configuration pieces built from the harness's PEM files, through the key-handle SPI. */
final class GmgwTlcpEndpoints {
    private GmgwTlcpEndpoints() {
    }

    static TlcpCredentials credentials(CryptoModule module, TlcpParty party) throws IOException {
        KeyProviders keys = KeyProviders.load(module);
        KeyHandle sign = keys.open(party.signKey().toString(), KeyOptions.none());
        KeyHandle enc = party.hasEncryptionPair() ? keys.open(party.encKey().toString(), KeyOptions.none()) : null;
        List<Sm2Certificate> chain = Sm2Certificate.fromPem(Files.readString(party.chain()));
        return new TlcpCredentials(sign, party.sign(), enc, party.enc(), chain);
    }

    static CertificateVerifier verifier(CryptoModule module, Path trust) throws IOException {
        return CertificateVerifier.builder(module).trustAnchors(Sm2Certificate.fromPem(Files.readString(trust))).build();
    }

    static CipherSuite suite(TlcpSuite s) {
        return CipherSuite.fromId(s.id()).orElseThrow();
    }

    static TlcpSuite suite(CipherSuite s) {
        for (TlcpSuite t : TlcpSuite.values()) {
            if (t.id() == s.id()) {
                return t;
            }
        }
        throw new IllegalArgumentException(s.toString());
    }
}
