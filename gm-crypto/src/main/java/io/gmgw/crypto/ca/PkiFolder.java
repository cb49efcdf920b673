package io.gmgw.crypto.ca;

import io.gmgw.files.ExclusiveFileLock;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The folder a certificate authority lives in ({@code gmgw pki --dir}, default {@code ./pki}) and the name of every
 * file in it. The layout is described for operators in {@code gmgw pki --help} and in docs/pki.md:
 *
 * <pre>
 * root/          the root CA: ca.key.pem, ca.cert.pem, ca.crl.pem and its state files
 * intermediate/  the issuing CA: the same files plus ca.chain.pem (its certificate, then the root's)
 * issued/NAME/   one double pair: sign.key.pem, sign.cert.pem, sign.chain.pem and enc.* likewise
 * .lock          held by every command that changes the folder
 * </pre>
 *
 * Keys are named {@code X.key.pem} with their chain in {@code X.chain.pem}, so that the {@code file:} key provider
 * finds a key's chain beside it.
 */
public final class PkiFolder {
    /** The default {@code --dir}. */
    public static final String DEFAULT_DIRECTORY = "pki";

    /** A NAME of {@code pki issue}: a host name, an IP address or a user name, usable as a folder name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._:@-]{0,63}");

    private final Path directory;

    public PkiFolder(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    public CaFolder root() {
        return new CaFolder(directory.resolve("root"), "root CA");
    }

    public CaFolder intermediate() {
        return new CaFolder(directory.resolve("intermediate"), "issuing CA");
    }

    public Path issuedDirectory() {
        return directory.resolve("issued");
    }

    /** The folder of the pair issued for {@code name} (which {@link #checkName} accepted). */
    public IssuedFolder issued(String name) {
        return new IssuedFolder(issuedDirectory().resolve(name));
    }

    Path lockFile() {
        return directory.resolve(".lock");
    }

    /**
     * The lock every operation that changes this folder holds from before it reads the state files until after it
     * wrote them, so two runs cannot use one serial number or CRL number twice. {@code notices} (may be null) hears
     * when it has to wait for another holder.
     */
    public ExclusiveFileLock lock(Consumer<String> notices) throws IOException {
        Path file = lockFile();
        return ExclusiveFileLock.acquire(file, notices == null ? null
                : () -> notices.accept("waiting for " + file + ": another gmgw pki command is changing this folder"));
    }
    /** Whether any part of a CA is here: a complete one, or what an interrupted {@code init} left. */
    public boolean hasAnyCa() {
        return Files.exists(root().directory()) || Files.exists(intermediate().directory());
    }

    /** Whether both CAs' certificates are here. */
    public boolean hasCa() {
        return Files.isRegularFile(root().certificate()) && Files.isRegularFile(intermediate().certificate());
    }

    /**
     * Fails with what to do when the folder holds no complete CA, telling a CA this user may not read (a permission
     * problem: never to be "fixed" by creating a second CA) apart from one that is not there.
     */
    public void requireCa() {
        requireReadable(root().certificate(), "root CA certificate");
        requireReadable(intermediate().certificate(), "issuing CA certificate");
    }

    /**
     * Fails unless {@code file} (a CA file of kind {@code what}) exists and this process may read it: a missing file
     * and a file behind a folder or mode this user may not read get different errors with different remedies.
     */
    static void requireReadable(Path file, String what) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            PkiFolder folder = containingFolder(file);
            throw new CaException(CaException.Kind.NO_CA, missing(file, what, folder));
        } catch (AccessDeniedException e) {
            throw notPermitted(file, what, e.getFile());
        } catch (IOException e) {
            throw new CaException(CaException.Kind.NOT_PERMITTED, "cannot read the " + what + " " + file + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check the disk and the folder", e);
        }
        if (!attributes.isRegularFile()) {
            throw new CaException(CaException.Kind.DAMAGED, "the " + what + " " + file + " is not a regular file; "
                    + "restore the CA folder from a backup");
        }
        if (!Files.isReadable(file)) {
            throw notPermitted(file, what, file.toString());
        }
    }

    private static String missing(Path file, String what, PkiFolder folder) {
        if (folder == null) {
            return "the " + what + " " + file + " is missing";
        }
        if (!Files.exists(folder.directory())) {
            return "no CA in " + folder.directory() + " (the folder does not exist); create one with 'gmgw pki init "
                    + "--dir " + folder.directory() + "', or name the PKI folder with --dir";
        }
        if (!folder.hasAnyCa()) {
            return "no CA in " + folder.directory() + " (" + file + " is missing); create one with 'gmgw pki init "
                    + "--dir " + folder.directory() + "', or name the PKI folder with --dir";
        }
        return "the CA in " + folder.directory() + " is incomplete: " + file + " is missing (the " + what + "). If "
                + "an earlier 'gmgw pki init' was interrupted (no certificate was ever issued here), move "
                + folder.directory() + " away and run it again; if this CA has issued certificates, restore the file "
                + "from a backup";
    }

    private static CaException notPermitted(Path file, String what, String denied) {
        return new CaException(CaException.Kind.NOT_PERMITTED, "permission denied reading the " + what + " " + file
                + " (at " + denied + ")" + owner(file) + "; run gmgw as the CA's owner, or give this user ("
                + System.getProperty("user.name") + ") access. The CA is there: do not create a new one");
    }

    /** ", owned by USER" for the nearest existing part of {@code file}'s path this user can see, or "". */
    private static String owner(Path file) {
        for (Path p = file.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                return ", owned by " + Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .owner().getName() + " (" + p + ")";
            } catch (IOException | UnsupportedOperationException e) {
                // not visible from here: try the folder above
            }
        }
        return "";
    }

    /** The PKI folder a CA file belongs to (two levels up: DIR/root/ca.cert.pem), or null. */
    private static PkiFolder containingFolder(Path file) {
        Path ca = file.toAbsolutePath().normalize().getParent();
        return ca == null || ca.getParent() == null ? null : new PkiFolder(ca.getParent());
    }

    /** Whether {@code name} can be a folder name under issued/. */
    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** {@code path} relative to this folder when it is inside, else as given: for listings. */
    public String show(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(directory) ? directory.relativize(abs).toString() : path.toString();
    }

    /**
     * The PKI folder that holds {@code file}: the nearest folder above it (or the folder itself) with a
     * {@code root/ca.cert.pem}.
     */
    public static Optional<PkiFolder> containing(Path file) {
        Path p = file.toAbsolutePath().normalize();
        for (int up = 0; p != null && up < 4; up++, p = p.getParent()) {
            PkiFolder candidate = new PkiFolder(p);
            if (candidate.hasCa()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return directory.toString();
    }

    /** One CA's folder: its key, certificates, CRL and state files. */
    public record CaFolder(Path directory, String description) {
        public Path key() {
            return directory.resolve("ca.key.pem");
        }

        public Path certificate() {
            return directory.resolve("ca.cert.pem");
        }

        /** The CA's certificate followed by its issuer's (only the issuing CA has one). */
        public Path chain() {
            return directory.resolve("ca.chain.pem");
        }

        public Path crl() {
            return directory.resolve("ca.crl.pem");
        }

        public Path serials() {
            return directory.resolve("serials.txt");
        }

        public Path revocations() {
            return directory.resolve("revoked.txt");
        }

        public Path crlNumber() {
            return directory.resolve("crlnumber");
        }
    }

    /** The folder of one issued double pair. */
    public record IssuedFolder(Path directory) {
        public Path key(boolean signing) {
            return directory.resolve(prefix(signing) + ".key.pem");
        }

        public Path certificate(boolean signing) {
            return directory.resolve(prefix(signing) + ".cert.pem");
        }

        /** The certificate, the issuing CA's and the root's: the {@code file:} key provider finds it beside the key. */
        public Path chain(boolean signing) {
            return directory.resolve(prefix(signing) + ".chain.pem");
        }

        private static String prefix(boolean signing) {
            return signing ? "sign" : "enc";
        }
    }
}
