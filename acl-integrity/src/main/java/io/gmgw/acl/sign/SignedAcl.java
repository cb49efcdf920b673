package io.gmgw.acl.sign;

import io.gmgw.files.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What signing an ACL file produces: the detached CMS SignedData ({@code FILE.p7s}), a raw DER SM2 signature over
 * the file's exact bytes with the default ID ({@code FILE.sig}, for {@code openssl pkeyutl -verify -rawin}), and the
 * signer's certificate chain as PEM ({@code FILE.signer.pem}), plus the manifest that was signed.
 */
public record SignedAcl(byte[] cms, byte[] rawSignature, String signerPem, AclManifest manifest, byte[] sm3) {
    public static final String CMS_SUFFIX = ".p7s";
    public static final String RAW_SUFFIX = ".sig";
    public static final String SIGNER_SUFFIX = ".signer.pem";

    public SignedAcl {
        cms = cms.clone();
        rawSignature = rawSignature.clone();
        sm3 = sm3.clone();
    }

    @Override
    public byte[] cms() {
        return cms.clone();
    }

    @Override
    public byte[] rawSignature() {
        return rawSignature.clone();
    }

    @Override
    public byte[] sm3() {
        return sm3.clone();
    }

    public static Path cmsFile(Path acl) {
        return sibling(acl, CMS_SUFFIX);
    }

    public static Path rawSignatureFile(Path acl) {
        return sibling(acl, RAW_SUFFIX);
    }

    public static Path signerFile(Path acl) {
        return sibling(acl, SIGNER_SUFFIX);
    }

    private static Path sibling(Path acl, String suffix) {
        return acl.resolveSibling(acl.getFileName() + suffix);
    }

    /**
     * Writes the three files beside {@code acl}, each atomically. The CMS file goes last: a verifier reads it first,
     * so until it is replaced the old signature (which no longer matches a changed file) is what it sees.
     */
    public void writeBeside(Path acl) throws IOException {
        DurableFiles.replace(rawSignatureFile(acl), rawSignature, false);
        DurableFiles.replace(signerFile(acl), signerPem.getBytes(StandardCharsets.US_ASCII), false);
        DurableFiles.replace(cmsFile(acl), cms, false);
    }
}
