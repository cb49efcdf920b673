package io.gmgw.bench;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.key.SoftwareKeyHandle;
import io.gmgw.crypto.pki.CertificateIssuer;
import io.gmgw.crypto.pki.CertificateProfile;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2KeyPair;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The benchmark's throw-away TLCP PKI: root → issuing CA → server and client double certificates (the shape a
 * gateway deployment has). The server process makes it; the client process reads the client's part from files.
 */
final class BenchPki {
    final Sm2Certificate root;
    final Sm2Certificate ca;
    final Sm2Certificate serverSign;
    final Sm2Certificate serverEnc;
    final Sm2PrivateKey serverSignKey;
    final Sm2PrivateKey serverEncKey;
    final Sm2Certificate clientSign;
    final Sm2Certificate clientEnc;
    final Sm2PrivateKey clientSignKey;
    final Sm2PrivateKey clientEncKey;

    private BenchPki(Sm2Certificate root, Sm2Certificate ca, Sm2Certificate serverSign, Sm2Certificate serverEnc,
            Sm2PrivateKey serverSignKey, Sm2PrivateKey serverEncKey, Sm2Certificate clientSign,
            Sm2Certificate clientEnc, Sm2PrivateKey clientSignKey, Sm2PrivateKey clientEncKey) {
        this.root = root;
        this.ca = ca;
        this.serverSign = serverSign;
        this.serverEnc = serverEnc;
        this.serverSignKey = serverSignKey;
        this.serverEncKey = serverEncKey;
        this.clientSign = clientSign;
        this.clientEnc = clientEnc;
        this.clientSignKey = clientSignKey;
        this.clientEncKey = clientEncKey;
    }

    /** A fresh PKI with new keys. */
    static BenchPki create(CryptoModule module) {
        Sm2KeyPair rootPair = module.sm2().generateKeyPair();
        KeyHandle rootKey = handle(module, rootPair.privateKey(), "bench-root");
        Sm2Certificate root = CertificateIssuer.selfSignedRoot(module, rootKey,
                new X500Name("CN=Bench Root CA,O=gmgw bench"), Duration.ofDays(3650));
        Sm2KeyPair caPair = module.sm2().generateKeyPair();
        Sm2Certificate ca = new CertificateIssuer(module, root, rootKey).intermediateCa(
                new X500Name("CN=Bench TLCP CA,O=gmgw bench"), caPair.publicKey(), Duration.ofDays(1825));
        CertificateIssuer issuer = new CertificateIssuer(module, ca, handle(module, caPair.privateKey(), "bench-ca"));
        Sm2KeyPair ss = module.sm2().generateKeyPair();
        Sm2KeyPair se = module.sm2().generateKeyPair();
        Sm2KeyPair cs = module.sm2().generateKeyPair();
        Sm2KeyPair ce = module.sm2().generateKeyPair();
        X500Name server = new X500Name("CN=localhost,O=gmgw bench");
        X500Name client = new X500Name("CN=bench-user,O=gmgw bench");
        return new BenchPki(root, ca,
                issuer.issue(CertificateProfile.SIGNING, server, ss.publicKey(), List.of("localhost"),
                        Duration.ofDays(365)),
                issuer.issue(CertificateProfile.ENCRYPTION, server, se.publicKey(), List.of("localhost"),
                        Duration.ofDays(365)),
                ss.privateKey(), se.privateKey(),
                issuer.issue(CertificateProfile.SIGNING, client, cs.publicKey(), List.of(), Duration.ofDays(365)),
                issuer.issue(CertificateProfile.ENCRYPTION, client, ce.publicKey(), List.of(), Duration.ofDays(365)),
                cs.privateKey(), ce.privateKey());
    }

    private static KeyHandle handle(CryptoModule module, Sm2PrivateKey key, String label) {
        return new SoftwareKeyHandle(module, key, List.of(), label);
    }

    TlcpCredentials serverCredentials(CryptoModule module) {
        return new TlcpCredentials(handle(module, serverSignKey, "server-sign"), serverSign,
                handle(module, serverEncKey, "server-enc"), serverEnc, List.of(ca));
    }

    TlcpCredentials clientCredentials(CryptoModule module) {
        return new TlcpCredentials(handle(module, clientSignKey, "client-sign"), clientSign,
                handle(module, clientEncKey, "client-enc"), clientEnc, List.of(ca));
    }

    CertificateVerifier verifier(CryptoModule module) {
        return CertificateVerifier.builder(module).trustAnchor(root).build();
    }

    /** Writes what the client process needs: the root, the CA and the client's double certificate with its keys. */
    void writeClientFiles(Path dir) {
        try {
            Files.writeString(dir.resolve("root.pem"), root.toPem());
            Files.writeString(dir.resolve("ca.pem"), ca.toPem());
            Files.writeString(dir.resolve("client-sign.pem"), clientSign.toPem());
            Files.writeString(dir.resolve("client-enc.pem"), clientEnc.toPem());
            Files.writeString(dir.resolve("client-sign.key"), PrivateKeyPem.write(clientSignKey));
            Files.writeString(dir.resolve("client-enc.key"), PrivateKeyPem.write(clientEncKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark PKI to " + dir, e);
        }
    }

    /**
     * The server's credentials as PEM files next to {@link #writeClientFiles}'s (whose ca.pem is the chain), for a peer's
     * server (BGMProvider) to present the same certificates under the same load.
     */
    io.gmgw.interop.tlcp.TlcpParty writeServerFiles(Path dir) {
        try {
            return new io.gmgw.interop.tlcp.TlcpParty("gmgw bench server",
                    Files.writeString(dir.resolve("server-sign.key"), PrivateKeyPem.write(serverSignKey)),
                    Files.writeString(dir.resolve("server-sign.pem"), serverSign.toPem()),
                    Files.writeString(dir.resolve("server-enc.key"), PrivateKeyPem.write(serverEncKey)),
                    Files.writeString(dir.resolve("server-enc.pem"), serverEnc.toPem()),
                    dir.resolve("ca.pem"), serverSign, serverEnc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark server's files to " + dir, e);
        }
    }

    /** The client's side, as {@link #writeClientFiles} left it. */
    record ClientSide(CertificateVerifier verifier, TlcpCredentials credentials) {
        static ClientSide read(CryptoModule module, Path dir) {
            try {
                Sm2Certificate root = cert(dir, "root.pem");
                Sm2Certificate ca = cert(dir, "ca.pem");
                Sm2PrivateKey signKey = PrivateKeyPem.read(module, Files.readString(dir.resolve("client-sign.key")),
                        null, "client-sign.key");
                Sm2PrivateKey encKey = PrivateKeyPem.read(module, Files.readString(dir.resolve("client-enc.key")),
                        null, "client-enc.key");
                TlcpCredentials creds = new TlcpCredentials(handle(module, signKey, "client-sign"),
                        cert(dir, "client-sign.pem"), handle(module, encKey, "client-enc"), cert(dir, "client-enc.pem"),
                        List.of(ca));
                return new ClientSide(CertificateVerifier.builder(module).trustAnchor(root).build(), creds);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the benchmark PKI from " + dir, e);
            }
        }

        private static Sm2Certificate cert(Path dir, String name) throws IOException {
            return Sm2Certificate.fromPem(Files.readString(dir.resolve(name))).get(0);
        }
    }
}
