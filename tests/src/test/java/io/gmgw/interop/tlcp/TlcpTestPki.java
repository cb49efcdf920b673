package io.gmgw.interop.tlcp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.key.SoftwareKeyHandle;
import io.gmgw.crypto.pki.CertificateIssuer;
import io.gmgw.crypto.pki.CertificateProfile;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A fresh test PKI for live TLCP interop, issued by gm-crypto at test time so that it never expires: a root CA, an
 * issuing CA under it (pathLenConstraint 0), a server double pair for {@value #SERVER_NAME} (CN and DNS
 * subjectAltName), a client double pair, and a "stranger" client pair under a second root that nobody trusts (for
 * tests that a server refuses an unknown CA). Profiles are gmgw's own ({@link CertificateProfile}): signing
 * certificates digitalSignature + nonRepudiation, encryption certificates keyEncipherment + dataEncipherment +
 * keyAgreement, all critical, no extendedKeyUsage; BGMProvider and gm-jsse accept them as they are.
 *
 * <p>Files in {@link #directory()}: {@code root.pem} (the trust anchor), {@code ca.pem} (the issuing CA: the chain
 * both sides send), {@code NAME-sign.pem/.key}, {@code NAME-enc.pem/.key} for {@code server}, {@code client},
 * {@code stranger}, and {@code stranger-root.pem}.
 */
public record TlcpTestPki(Path directory, Path root, Path chain, Sm2Certificate rootCertificate,
        Sm2Certificate caCertificate, TlcpParty server, TlcpParty client, TlcpParty stranger, Path strangerRoot) {
    public static final String SERVER_NAME = "localhost";
    public static final String CLIENT_SUBJECT = "CN=tlcp-interop-client, O=gmgw tests";
    public static final String STRANGER_SUBJECT = "CN=tlcp-interop-stranger, O=somebody else";
    /** Long enough for any test run, short enough that nobody mistakes these for real certificates. */
    private static final Duration LEAF_VALIDITY = Duration.ofDays(2);

    /** Issues the PKI with {@code module}'s random generator and clock and writes it to {@code directory}. */
    public static TlcpTestPki create(CryptoModule module, Path directory) {
        try {
            Files.createDirectories(directory);
            Sm2PrivateKey rootKey = module.sm2().generateKeyPair().privateKey();
            Sm2PrivateKey caKey = module.sm2().generateKeyPair().privateKey();
            Sm2PrivateKey strangerRootKey = module.sm2().generateKeyPair().privateKey();
            try (SoftwareKeyHandle rootHandle = new SoftwareKeyHandle(module, rootKey, List.of(), "test root CA key");
                    SoftwareKeyHandle caHandle = new SoftwareKeyHandle(module, caKey, List.of(), "test CA key");
                    SoftwareKeyHandle strangerHandle = new SoftwareKeyHandle(module, strangerRootKey, List.of(),
                            "stranger root CA key")) {
                Sm2Certificate rootCert = CertificateIssuer.selfSignedRoot(module, rootHandle,
                        DistinguishedNames.parse("CN=gmgw TLCP interop Root CA, O=gmgw tests"), Duration.ofDays(4));
                Sm2Certificate caCert = new CertificateIssuer(module, rootCert, rootHandle).intermediateCa(
                        DistinguishedNames.parse("CN=gmgw TLCP interop CA, O=gmgw tests"), caHandle.publicKey(),
                        Duration.ofDays(3));
                CertificateIssuer ca = new CertificateIssuer(module, caCert, caHandle);
                Path root = write(directory.resolve("root.pem"), rootCert.toPem());
                Path chain = write(directory.resolve("ca.pem"), caCert.toPem());
                TlcpParty server = party(module, directory, "server", chain,
                        (profile, key) -> ca.server(profile, SERVER_NAME, key.publicKey(), LEAF_VALIDITY));
                TlcpParty client = party(module, directory, "client", chain,
                        (profile, key) -> ca.client(profile, DistinguishedNames.parse(CLIENT_SUBJECT),
                                key.publicKey(), LEAF_VALIDITY));

                Sm2Certificate strangerRootCert = CertificateIssuer.selfSignedRoot(module, strangerHandle,
                        DistinguishedNames.parse("CN=Unknown Root CA, O=somebody else"), Duration.ofDays(4));
                CertificateIssuer strangerCa = new CertificateIssuer(module, strangerRootCert, strangerHandle);
                Path strangerRoot = write(directory.resolve("stranger-root.pem"), strangerRootCert.toPem());
                TlcpParty stranger = party(module, directory, "stranger", strangerRoot,
                        (profile, key) -> strangerCa.client(profile, DistinguishedNames.parse(STRANGER_SUBJECT),
                                key.publicKey(), LEAF_VALIDITY));
                return new TlcpTestPki(directory, root, chain, rootCert, caCert, server, client, stranger,
                        strangerRoot);
            } finally {
                rootKey.destroy();
                caKey.destroy();
                strangerRootKey.destroy();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test PKI to " + directory, e);
        }
    }

    private interface Issue {
        Sm2Certificate issue(CertificateProfile profile, Sm2PrivateKey key);
    }

    private static TlcpParty party(CryptoModule module, Path dir, String name, Path chain, Issue issue)
            throws IOException {
        Sm2PrivateKey signKey = module.sm2().generateKeyPair().privateKey();
        Sm2PrivateKey encKey = module.sm2().generateKeyPair().privateKey();
        try {
            Sm2Certificate sign = issue.issue(CertificateProfile.SIGNING, signKey);
            Sm2Certificate enc = issue.issue(CertificateProfile.ENCRYPTION, encKey);
            return new TlcpParty(name,
                    write(dir.resolve(name + "-sign.key"), PrivateKeyPem.write(signKey)),
                    write(dir.resolve(name + "-sign.pem"), sign.toPem()),
                    write(dir.resolve(name + "-enc.key"), PrivateKeyPem.write(encKey)),
                    write(dir.resolve(name + "-enc.pem"), enc.toPem()),
                    chain, sign, enc);
        } finally {
            signKey.destroy();
            encKey.destroy();
        }
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
