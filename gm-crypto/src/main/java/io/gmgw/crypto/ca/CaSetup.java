package io.gmgw.crypto.ca;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.SoftwareKeyHandle;
import io.gmgw.crypto.pki.CertificateIssuer;
import io.gmgw.crypto.pki.CrlIssuer;
import io.gmgw.crypto.pki.PemFiles;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import io.gmgw.files.DurableFiles;
import io.gmgw.files.ExclusiveFileLock;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Sets up the two CAs of a PKI folder ({@code pki init}, and the demo): a self-signed root, an issuing CA under it
 * (pathLenConstraint 0), their keys, the issuing CA's chain file, a first empty CRL of each, and their state files.
 * Everything is written to a hidden staging folder first and then renamed into place, so an existing CA is never
 * touched and a crash leaves no half-made CA in view. The outcome is recorded as a {@code ca.init} audit event.
 */
public final class CaSetup {
    /** What to set up; validities and the CRL's next-update interval are positive. */
    public record Request(X500Name rootSubject, X500Name intermediateSubject, Duration rootValidity,
            Duration intermediateValidity, Duration crlValidity) {
        public Request {
            Objects.requireNonNull(rootSubject, "rootSubject");
            Objects.requireNonNull(intermediateSubject, "intermediateSubject");
            Objects.requireNonNull(rootValidity, "rootValidity");
            Objects.requireNonNull(intermediateValidity, "intermediateValidity");
            Objects.requireNonNull(crlValidity, "crlValidity");
        }
    }

    /** What was created. */
    public record Result(Sm2Certificate root, Sm2Certificate intermediate, Sm2Crl rootCrl, Sm2Crl intermediateCrl) {
    }

    private CaSetup() {
    }

    /**
     * Creates the CAs in {@code folder} (created if needed); {@code notices} (may be null) hears when the folder's
     * lock is busy.
     *
     * @throws CaException {@link CaException.Kind#EXISTS} when the folder already holds a CA, or part of one
     */
    public static Result create(CryptoModule module, Audit audit, PkiFolder folder, Request request,
            KeyFileProtection protection, Consumer<String> notices) throws IOException {
        Result r;
        try {
            r = createLocked(module, folder, request, protection, notices);
        } catch (IOException | RuntimeException e) {
            CaAudit.failure(audit, AuditEventType.CA_INIT, e).subject(request.rootSubject().toString())
                    .object(folder.directory().toString()).writeFor(e);
            throw e;
        }
        audit.success(AuditEventType.CA_INIT).subject(r.root().subject().toString())
                .object(folder.directory().toString())
                .correlate("rootSerial", r.root().serialHex())
                .correlate("issuingSerial", r.intermediate().serialHex())
                .detail("issuingCa", r.intermediate().subject())
                .detail("keys", protection.describe()).write();
        return r;
    }

    private static Result createLocked(CryptoModule module, PkiFolder folder, Request request,
            KeyFileProtection protection, Consumer<String> notices) throws IOException {
        try {
            Files.createDirectories(folder.directory());
        } catch (AccessDeniedException e) {
            throw e;
        } catch (IOException e) {
            throw new CaException(CaException.Kind.CANT_CREATE, "cannot create the PKI folder " + folder + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); choose another with --dir DIR", e);
        }
        try (ExclusiveFileLock lock = folder.lock(notices)) {
            if (folder.hasAnyCa()) {
                throw new CaException(CaException.Kind.EXISTS, folder.directory() + " already holds a CA ("
                        + (folder.hasCa() ? folder.root().certificate() + " exists" : "parts of one: an earlier "
                        + "init was interrupted") + "); 'gmgw pki init' never overwrites a CA: use it, choose "
                        + "another --dir, or move " + folder.root().directory() + " and "
                        + folder.intermediate().directory() + " away to start over");
            }
            Path staging = DurableFiles.stagingDirectory(folder.directory(), "init");
            try {
                Result result = createIn(module, folder, staging, request, protection);
                DurableFiles.moveDirectory(staging.resolve("root"), folder.root().directory());
                DurableFiles.moveDirectory(staging.resolve("intermediate"), folder.intermediate().directory());
                Files.createDirectories(folder.issuedDirectory());
                return result;
            } finally {
                DurableFiles.deleteStaging(staging);
            }
        }
    }

    private static Result createIn(CryptoModule module, PkiFolder folder, Path staging, Request request,
            KeyFileProtection protection) throws IOException {
        PkiFolder.CaFolder root = relocate(folder.root(), staging);
        PkiFolder.CaFolder intermediate = relocate(folder.intermediate(), staging);
        DurableFiles.privateDirectory(root.directory());
        DurableFiles.privateDirectory(intermediate.directory());
        Sm2PrivateKey rootKey = module.sm2().generateKeyPair().privateKey();
        Sm2PrivateKey caKey = module.sm2().generateKeyPair().privateKey();
        try (SoftwareKeyHandle rootHandle = new SoftwareKeyHandle(module, rootKey, List.of(), "root CA key");
                SoftwareKeyHandle caHandle = new SoftwareKeyHandle(module, caKey, List.of(), "issuing CA key")) {
            SerialLedgerFile rootSerials = SerialLedgerFile.create(root.serials(), root.description());
            SerialLedgerFile caSerials = SerialLedgerFile.create(intermediate.serials(), intermediate.description());
            RevocationIndex.create(root.revocations(), root.description());
            RevocationIndex.create(intermediate.revocations(), intermediate.description());

            Sm2Certificate rootCert = CertificateIssuer.selfSignedRoot(module, rootHandle, request.rootSubject(),
                    request.rootValidity(), rootSerials);
            rootSerials.record(rootCert);
            Sm2Certificate caCert = new CertificateIssuer(module, rootCert, rootHandle, rootSerials)
                    .intermediateCa(request.intermediateSubject(), caHandle.publicKey(), request.intermediateValidity());
            rootSerials.record(caCert);

            Sm2Crl rootCrl = firstCrl(module, root, rootCert, rootHandle, request.crlValidity());
            Sm2Crl caCrl = firstCrl(module, intermediate, caCert, caHandle, request.crlValidity());

            DurableFiles.create(root.key(), ascii(protection.pem(rootKey)), true);
            DurableFiles.create(root.certificate(), ascii(rootCert.toPem()), false);
            DurableFiles.create(intermediate.key(), ascii(protection.pem(caKey)), true);
            DurableFiles.create(intermediate.certificate(), ascii(caCert.toPem()), false);
            DurableFiles.create(intermediate.chain(), ascii(PemFiles.pem(List.of(caCert, rootCert))), false);
            return new Result(rootCert, caCert, rootCrl, caCrl);
        }
    }

    private static Sm2Crl firstCrl(CryptoModule module, PkiFolder.CaFolder ca, Sm2Certificate cert,
            SoftwareKeyHandle key, Duration validity) throws IOException {
        CrlNumberFile.write(ca.crlNumber(), BigInteger.ONE);
        Sm2Crl crl = new CrlIssuer(module, cert, key).issue(BigInteger.ONE, validity, List.of());
        DurableFiles.create(ca.crl(), ascii(crl.toPem()), false);
        return crl;
    }

    private static PkiFolder.CaFolder relocate(PkiFolder.CaFolder ca, Path staging) {
        return new PkiFolder.CaFolder(staging.resolve(ca.directory().getFileName()), ca.description());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
