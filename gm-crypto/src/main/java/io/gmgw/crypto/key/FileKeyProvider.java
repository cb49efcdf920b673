package io.gmgw.crypto.key;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Keys in PEM files ({@code file:} URIs and plain paths): see {@link PrivateKeyPem} for the formats.
 *
 * <p>The certificate chain (leaf first, then its issuers) comes from {@link KeyOptions#certificateChain()} when given,
 * otherwise from the first existing file beside the key, named after it without {@code .pem} and {@code .key}:
 * for {@code server-sign.key.pem} these are {@code server-sign.chain.pem}, {@code server-sign.cert.pem},
 * {@code server-sign.crt}. Without any, the handle has no chain.
 */
public final class FileKeyProvider implements KeyProvider {
    /** Key and certificate files are small; a bigger file is not one. */
    static final long MAX_FILE_SIZE = 1 << 20;

    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public KeyHandle open(URI uri, KeyOptions options, CryptoModule module) {
        Path path;
        try {
            path = Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new KeyLoadException(KeyLoadException.Reason.MALFORMED,
                    "not a usable file URI: " + uri + " (write file:///absolute/path or just the path)", e);
        }
        String pem = readText(path, "key file");
        Sm2PrivateKey key = PrivateKeyPem.read(module, pem, options.password(), path.toString());
        Path chainFile = options.certificateChain() != null ? options.certificateChain() : chainBeside(path);
        List<Sm2Certificate> chain = List.of();
        if (chainFile != null) {
            try {
                chain = Sm2Certificate.fromPem(readText(chainFile, "certificate file"));
            } catch (MalformedEncodingException e) {
                key.destroy();
                throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, chainFile + ": " + e.getMessage(), e);
            }
            if (chain.isEmpty()) {
                key.destroy();
                throw new KeyLoadException(KeyLoadException.Reason.MALFORMED,
                        chainFile + " holds no PEM CERTIFICATE block");
            }
        }
        try {
            return new SoftwareKeyHandle(module, key, chain, path.toString());
        } catch (KeyLoadException e) {
            key.destroy();
            throw e;
        }
    }

    /** The chain file named after {@code keyFile}, or null. */
    static Path chainBeside(Path keyFile) {
        String name = keyFile.getFileName().toString();
        String base = name;
        for (String suffix : new String[] {".pem", ".key"}) {
            if (base.endsWith(suffix)) {
                base = base.substring(0, base.length() - suffix.length());
            }
        }
        for (String candidate : new String[] {base + ".chain.pem", base + ".cert.pem", base + ".crt"}) {
            Path p = keyFile.resolveSibling(candidate);
            if (!p.equals(keyFile) && Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static String readText(Path path, String what) {
        try {
            if (Files.size(path) > MAX_FILE_SIZE) {
                throw new KeyLoadException(KeyLoadException.Reason.MALFORMED,
                        what + " " + path + " is larger than " + MAX_FILE_SIZE + " bytes: not a key or certificate");
            }
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new KeyLoadException(KeyLoadException.Reason.NOT_FOUND,
                    what + " " + path + " does not exist; check the path (relative paths start at " + Path.of("").toAbsolutePath() + ")");
        } catch (AccessDeniedException e) {
            throw new KeyLoadException(KeyLoadException.Reason.UNREADABLE,
                    "no permission to read " + what + " " + path + "; run as its owner or fix its mode", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, what + " " + path + " is not PEM text", e);
        } catch (IOException e) {
            throw new KeyLoadException(KeyLoadException.Reason.UNREADABLE,
                    "cannot read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }
}
