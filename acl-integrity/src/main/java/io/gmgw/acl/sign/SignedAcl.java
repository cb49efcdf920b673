package io.gmgw.acl.sign;

import io.gmgw.files.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

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

    /** A signature kept when a new one replaced it: number N of {@code FILE.p7s.N}, {@code FILE.sig.N}, … */
    public record Kept(int number, Path cms, Path rawSignature, Path signer) {
    }

    /**
     * Writes the three files beside {@code acl}, each atomically, and returns under which number the signature they
     * replace was kept, if there was one. A signature already there is never destroyed: unless it is the same, its
     * files are first kept as {@code FILE.p7s.N}, {@code FILE.sig.N} and {@code FILE.signer.pem.N}, N one more than
     * the highest kept so far (1 is the oldest), each created whole or not at all and never over another. The CMS
     * file goes last: a verifier reads it first, so until it is replaced the old signature is what it sees.
     */
    public Optional<Integer> writeBeside(Path acl) throws IOException {
        byte[] pem = signerPem.getBytes(StandardCharsets.US_ASCII);
        byte[] oldCms = readIfExists(cmsFile(acl));
        byte[] oldRaw = readIfExists(rawSignatureFile(acl));
        byte[] oldPem = readIfExists(signerFile(acl));
        Optional<Integer> kept = Optional.empty();
        boolean present = oldCms != null || oldRaw != null || oldPem != null;
        if (present && !(Arrays.equals(oldCms, cms) && Arrays.equals(oldRaw, rawSignature)
                && Arrays.equals(oldPem, pem))) {
            kept = Optional.of(keep(acl, oldCms, oldRaw, oldPem));
        }
        DurableFiles.replace(rawSignatureFile(acl), rawSignature, false);
        DurableFiles.replace(signerFile(acl), pem, false);
        DurableFiles.replace(cmsFile(acl), cms, false);
        return kept;
    }

    /** Keeps the given files under the next free number; the CMS file claims the number. */
    private static int keep(Path acl, byte[] oldCms, byte[] oldRaw, byte[] oldPem) throws IOException {
        int n = kept(acl).stream().mapToInt(Kept::number).max().orElse(0) + 1;
        for (int attempt = 0; ; attempt++) {
            try {
                create(sibling(acl, CMS_SUFFIX + "." + n), oldCms);
                break;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 1000) {
                    throw e;
                }
                n++; // another signer kept one under this number meanwhile
            }
        }
        create(sibling(acl, RAW_SUFFIX + "." + n), oldRaw);
        create(sibling(acl, SIGNER_SUFFIX + "." + n), oldPem);
        return n;
    }

    private static void create(Path target, byte[] content) throws IOException {
        if (content != null) {
            DurableFiles.createNew(target, content, false);
        }
    }

    /** The signatures kept beside {@code acl}, oldest (1) first; a number with only some of its files is listed. */
    public static List<Kept> kept(Path acl) throws IOException {
        Path dir = acl.toAbsolutePath().getParent();
        String base = acl.getFileName().toString();
        Set<Integer> numbers = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                for (String suffix : List.of(CMS_SUFFIX, RAW_SUFFIX, SIGNER_SUFFIX)) {
                    String prefix = base + suffix + ".";
                    if (name.startsWith(prefix) && name.substring(prefix.length()).matches("[1-9][0-9]{0,8}")) {
                        numbers.add(Integer.parseInt(name.substring(prefix.length())));
                    }
                }
            });
        }
        List<Kept> out = new ArrayList<>();
        for (int n : numbers) {
            out.add(new Kept(n, sibling(acl, CMS_SUFFIX + "." + n), sibling(acl, RAW_SUFFIX + "." + n),
                    sibling(acl, SIGNER_SUFFIX + "." + n)));
        }
        return out;
    }

    /**
     * Whether a file name is one of the files signing writes (a signature, a raw signature, a signer chain, current
     * or kept), so that a folder of ACLs is not read as ACLs there.
     */
    public static boolean isSignatureFile(String name) {
        return name.matches(".*(\\.p7s|\\.sig|\\.signer\\.pem)(\\.[1-9][0-9]{0,8})?");
    }

    private static byte[] readIfExists(Path p) throws IOException {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
