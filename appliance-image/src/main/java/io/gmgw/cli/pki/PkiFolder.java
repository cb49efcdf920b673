package io.gmgw.cli.pki;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The folder {@code gmgw pki} works in ({@code --dir}, default {@code ./pki}) and the name of every file in it. The
 * layout is described for operators in {@link #LAYOUT} ({@code gmgw pki --help}) and in docs/pki.md:
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

    /**
     * Shown at the end of {@code gmgw pki --help} (picocli turns {@code %n} into line breaks); docs/pki.md has the same
     * table, which a test checks.
     */
    static final String LAYOUT = ""
            + "Folder layout (--dir DIR, default ./pki):%n"
            + "  root/ca.key.pem             root CA key (keep it offline once set up)%n"
            + "  root/ca.cert.pem            root CA certificate: the trust anchor%n"
            + "  root/ca.crl.pem             root CA's CRL (revokes the issuing CA)%n"
            + "  intermediate/ca.key.pem     issuing CA key: signs certificates and CRLs%n"
            + "  intermediate/ca.cert.pem    issuing CA certificate%n"
            + "  intermediate/ca.chain.pem   issuing CA certificate, then the root's%n"
            + "  intermediate/ca.crl.pem     issuing CA's CRL (revokes end entities)%n"
            + "  */serials.txt               serial ledger: serial, expiry, subject%n"
            + "  */revoked.txt               revocation index: serial, date, reason, subject%n"
            + "  */crlnumber                 number of the CA's last CRL%n"
            + "  issued/NAME/sign.key.pem    signing key (absent if the key is elsewhere)%n"
            + "  issued/NAME/sign.cert.pem   signing certificate%n"
            + "  issued/NAME/sign.chain.pem  signing cert, issuing CA, root (found beside key)%n"
            + "  issued/NAME/enc.*           the same for the encryption key%n"
            + "  .lock                       held while a command changes the folder%n"
            + "Keys are mode 0600; root/, intermediate/ and issued/NAME/ are 0700.%n";

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

    /** Whether any part of a CA is here: a complete one, or what an interrupted {@code init} left. */
    public boolean hasAnyCa() {
        return Files.exists(root().directory()) || Files.exists(intermediate().directory());
    }

    /** Whether both CAs' certificates are here. */
    public boolean hasCa() {
        return Files.isRegularFile(root().certificate()) && Files.isRegularFile(intermediate().certificate());
    }

    /** Fails with what to do when the folder holds no complete CA. */
    void requireCa() {
        if (hasCa()) {
            return;
        }
        String missing = Files.isRegularFile(root().certificate()) ? intermediate().certificate().toString()
                : root().certificate().toString();
        String next = hasAnyCa()
                ? "an earlier 'gmgw pki init' was interrupted: move " + directory + " away and run it again"
                : "create one with 'gmgw pki init --dir " + directory + "', or name the PKI folder with --dir";
        throw new CommandFailedException(ExitCode.IO_ERROR, "no CA in " + directory + " (" + missing
                + " is missing); " + next);
    }

    /** {@code name} as a folder name under issued/, or a usage error. */
    static boolean isValidName(String name) {
        return NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** {@code path} relative to this folder when it is inside, else as given: for listings. */
    String show(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(directory) ? directory.relativize(abs).toString() : path.toString();
    }

    /**
     * The PKI folder that holds {@code file}: the nearest folder above it (or the folder itself) with a
     * {@code root/ca.cert.pem}.
     */
    static Optional<PkiFolder> containing(Path file) {
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
