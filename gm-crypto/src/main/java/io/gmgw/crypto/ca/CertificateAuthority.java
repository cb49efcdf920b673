package io.gmgw.crypto.ca;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.pki.CertificateIssuer;
import io.gmgw.crypto.pki.CrlIssuer;
import io.gmgw.crypto.pki.PemFiles;
import io.gmgw.crypto.pki.RevokedCertificate;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.files.DurableFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One CA of a PKI folder, opened for work: its certificate, its key (through the key providers, so the key could
 * later sit in a token), its serial ledger and revocation index. Used under the folder's lock ({@link PkiFolder#lock});
 * close it to wipe the key.
 */
final class CertificateAuthority implements AutoCloseable {
    private final CryptoModule module;
    private final PkiFolder.CaFolder folder;
    private final Sm2Certificate certificate;
    private final KeyHandle key;
    private final SerialLedgerFile serials;
    private final RevocationIndex revocations;

    private CertificateAuthority(CryptoModule module, PkiFolder.CaFolder folder, Sm2Certificate certificate,
            KeyHandle key, SerialLedgerFile serials, RevocationIndex revocations) {
        this.module = module;
        this.folder = folder;
        this.certificate = certificate;
        this.key = key;
        this.serials = serials;
        this.revocations = revocations;
    }

    /** Opens the CA in {@code folder}; {@code password} (null: none) decrypts its key. */
    static CertificateAuthority open(CryptoModule module, PkiFolder.CaFolder folder, PasswordSource password)
            throws IOException {
        Sm2Certificate cert = PemFiles.certificate(folder.certificate());
        SerialLedgerFile serials = SerialLedgerFile.load(folder.serials(), folder.description());
        RevocationIndex revocations = RevocationIndex.load(folder.revocations(), folder.description());
        CrlNumberFile.last(folder.crlNumber()); // a damaged number fails now, before anything is recorded
        KeyHandle key = openKey(module, folder, password);
        if (!key.publicKey().equals(cert.publicKey())) {
            key.close();
            throw new KeyLoadException(KeyLoadException.Reason.INCONSISTENT, folder.key() + " is not the key of "
                    + folder.certificate() + "; restore the pair from a backup");
        }
        return new CertificateAuthority(module, folder, cert, key, serials, revocations);
    }

    private static KeyHandle openKey(CryptoModule module, PkiFolder.CaFolder folder, PasswordSource password) {
        try {
            return KeyProviders.load(module).open(folder.key().toString(), KeyOptions.withPassword(password));
        } catch (KeyLoadException e) {
            if (e.reason() == KeyLoadException.Reason.PASSWORD_REQUIRED && password == null) {
                throw new KeyLoadException(e.reason(), folder.key() + " (the " + folder.description() + "'s key) is "
                        + "encrypted: give its password with --ca-password-file, --ca-password-env or "
                        + "--ca-password-prompt", e);
            }
            throw e;
        }
    }

    PkiFolder.CaFolder folder() {
        return folder;
    }

    Sm2Certificate certificate() {
        return certificate;
    }

    SerialLedgerFile serials() {
        return serials;
    }

    RevocationIndex revocations() {
        return revocations;
    }

    /** An issuer that records every serial in this CA's ledger. */
    CertificateIssuer issuer() {
        return new CertificateIssuer(module, certificate, key, serials);
    }

    /** Issues this CA's next CRL from its revocation index and writes it to {@code ca.crl.pem}. */
    Sm2Crl issueCrl(Duration nextUpdateIn) throws IOException {
        BigInteger number = CrlNumberFile.next(folder.crlNumber());
        Sm2Crl crl = new CrlIssuer(module, certificate, key).issue(number, nextUpdateIn, revocations.revocations());
        DurableFiles.replace(folder.crl(), crl.toPem().getBytes(StandardCharsets.US_ASCII), false);
        return crl;
    }

    /** Records a revocation (the caller writes a fresh CRL). */
    void revoke(RevokedCertificate revocation, String subject) throws IOException {
        revocations.add(revocation, subject);
    }

    @Override
    public void close() {
        key.close();
    }
}
