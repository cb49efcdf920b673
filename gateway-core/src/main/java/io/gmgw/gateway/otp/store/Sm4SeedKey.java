package io.gmgw.gateway.otp.store;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.sm4.Sm4;
import io.gmgw.crypto.sm4.Sm4Gcm;
import io.gmgw.files.DurableFiles;
import io.gmgw.gateway.GatewayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * A software SM4 seed key read from a file (the {@code file:} key of the demo): 32 hex digits, the file readable by
 * its owner only. Seeds are sealed with SM4-GCM under a fresh 12-byte nonce from the module's DRBG: the sealed form is
 * version 1 (one byte) ‖ nonce ‖ ciphertext ‖ 16-byte tag, the token's context as additional data. Thread-safe.
 */
public final class Sm4SeedKey implements SeedKey {
    private static final byte VERSION = 1;
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final CryptoModule module;
    private final String description;
    private final byte[] key;
    private volatile boolean closed;

    private Sm4SeedKey(CryptoModule module, byte[] key, String description) {
        this.module = module;
        this.key = key;
        this.description = description;
    }

    /** Creates a new random key in {@code file} (which must not exist), owner-only, and returns it. */
    public static Sm4SeedKey generate(CryptoModule module, Path file) throws IOException {
        byte[] key = new byte[Sm4.KEY_LENGTH];
        module.random().nextBytes(key);
        byte[] hex = (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            DurableFiles.createNew(file, hex, true);
        } finally {
            Arrays.fill(hex, (byte) 0);
        }
        return new Sm4SeedKey(module, key, "file:" + file.toAbsolutePath());
    }

    /**
     * Reads the key in {@code file}.
     *
     * @throws GatewayException (kind CONFIG) if the file is missing, readable by others, or not 32 hex digits
     */
    public static Sm4SeedKey fromFile(CryptoModule module, Path file) {
        return new Sm4SeedKey(module, readKeyFile(file, "token seed key"), "file:" + file.toAbsolutePath());
    }

    /**
     * The SM4 key in {@code file}: 32 hex digits, the file readable by its owner only; {@code what} names the key in
     * messages. The caller wipes the array.
     *
     * @throws GatewayException (kind CONFIG) if the file is missing, readable by others, or not 32 hex digits
     */
    public static byte[] readKeyFile(Path file, String what) {
        String where = "file:" + file.toAbsolutePath();
        byte[] text = null;
        try {
            if (POSIX) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                if (!DurableFiles.OWNER_ONLY.containsAll(mode)) {
                    throw new GatewayException(GatewayException.Kind.CONFIG, what + " " + where
                            + " is readable by others; run: chmod 600 " + file.toAbsolutePath());
                }
            }
            text = Files.readAllBytes(file);
            String hex = new String(text, StandardCharsets.US_ASCII).strip();
            if (hex.length() != 2 * Sm4.KEY_LENGTH || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new GatewayException(GatewayException.Kind.CONFIG, what + " " + where
                        + " must hold one SM4 key as 32 hex digits");
            }
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "cannot read " + what + " " + where + ": "
                    + e.getMessage(), e);
        } finally {
            if (text != null) {
                Arrays.fill(text, (byte) 0);
            }
        }
    }

    @Override
    public byte[] seal(byte[] seed, byte[] context) {
        byte[] out = new byte[1 + Sm4Gcm.NONCE_LENGTH + seed.length + Sm4Gcm.TAG_LENGTH];
        out[0] = VERSION;
        byte[] nonce = new byte[Sm4Gcm.NONCE_LENGTH];
        module.random().nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 1, nonce.length);
        Sm4Gcm gcm = gcm();
        try {
            gcm.seal(nonce, context, seed, 0, seed.length, out, 1 + nonce.length);
        } finally {
            gcm.destroy();
        }
        return out;
    }

    @Override
    public byte[] open(byte[] sealed, byte[] context) {
        int header = 1 + Sm4Gcm.NONCE_LENGTH;
        if (sealed.length < header + Sm4Gcm.TAG_LENGTH || sealed[0] != VERSION) {
            throw new GatewayException(GatewayException.Kind.POLICY, "a sealed token seed is not sealed under a file:"
                    + " key (format " + (sealed.length == 0 ? "none" : sealed[0]) + "; 2 is a key in a token): give the"
                    + " seed key the store was made with");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 1, header);
        byte[] seed = new byte[sealed.length - header - Sm4Gcm.TAG_LENGTH];
        Sm4Gcm gcm = gcm();
        try {
            gcm.open(nonce, context, sealed, header, sealed.length - header, seed, 0);
            return seed;
        } catch (BadCiphertextException e) {
            throw new GatewayException(GatewayException.Kind.POLICY, "a token seed does not open under " + description
                    + " (another seed key, or a seed file copied from another token)", e);
        } finally {
            gcm.destroy();
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(key, (byte) 0);
    }

    private Sm4Gcm gcm() {
        if (closed) {
            throw new IllegalStateException("token seed key " + description + " is closed");
        }
        return module.sm4().gcm(key);
    }
}
