package io.gmgw.gateway.otp.store;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.files.DurableFiles;
import io.gmgw.files.ExclusiveFileLock;
import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.otp.TokenState;
import io.gmgw.gateway.otp.TokenStateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dynamic tokens of a gateway, one file per token in a folder only its owner can read: {@code SERIAL.token}, JSON
 * ({@link TokenFiles}), the seed sealed under a {@link SeedKey}. Every file is written whole or not at all (temporary
 * file, fsync, rename, fsync of the folder: {@link DurableFiles#replace}); every read-modify-write holds the folder's
 * lock ({@code .lock}, {@link ExclusiveFileLock}), so the gateway and {@code gmgw otp} commands can share the folder;
 * every change but a state update is audited here (state updates are audited by the logins that make them). Which
 * user holds which token is also kept in {@code users.index} ({@link UserIndex}), so {@link #forUser} reads one token
 * file, not all of them.
 */
public final class TokenStore implements TokenStateStore, AutoCloseable {
    static final String SUFFIX = ".token";
    /** A bound on the folder: more tokens than a gateway's users is a mistake or an attack on the disk. */
    public static final int MAX_TOKENS = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger("otp");

    private final Path dir;
    private final SeedKey seedKey;
    private final Audit audit;
    private final UserIndex index;

    private TokenStore(Path dir, SeedKey seedKey, Audit audit) {
        this.dir = dir;
        this.seedKey = seedKey;
        this.audit = audit;
        this.index = new UserIndex(dir);
    }

    /**
     * Opens the store in {@code dir}, creating the folder (0700) if it does not exist. A user index that is missing,
     * damaged, or names other serials than the folder's token files is rebuilt from them.
     */
    public static TokenStore open(Path dir, SeedKey seedKey, Audit audit) throws IOException {
        Objects.requireNonNull(seedKey, "seedKey");
        Objects.requireNonNull(audit, "audit");
        if (!Files.isDirectory(dir)) {
            DurableFiles.privateDirectory(dir);
        }
        TokenStore store = new TokenStore(dir.toAbsolutePath(), seedKey, audit);
        Optional<UserIndex.Snapshot> s = store.index.read();
        if (s.isEmpty() || !s.get().serials().equals(store.serialsOnDisk())) {
            store.rebuildIndex(false);
        }
        return store;
    }

    public Path directory() {
        return dir;
    }

    /** Where the seed key is (for messages; never the key). */
    public String seedKeyDescription() {
        return seedKey.description();
    }

    /** Closes the seed key (a token key releases its sessions; a file key is wiped). */
    @Override
    public void close() {
        seedKey.close();
    }

    /**
     * Adds a token with {@code seed} (sealed here; the caller wipes its array), nothing accepted from it yet, its
     * event counter starting at {@code firstCounter}; audited as {@code otp.token-add}.
     *
     * @throws FileAlreadyExistsException if a token with this serial exists (nothing changes)
     * @throws GatewayException (STATE) if {@code user} has a token already (a user has at most one)
     */
    public TokenRecord add(String serial, OtpProfile profile, byte[] seed, Optional<String> user, long firstCounter,
            String origin) throws IOException {
        TokenRecord.checkSerial(serial);
        TokenRecord r = new TokenRecord(serial, profile, user, seedKey.seal(seed, context(serial)),
                TokenState.initial(firstCounter));
        try (ExclusiveFileLock lock = lock()) {
            if (count() >= MAX_TOKENS) {
                throw new GatewayException(GatewayException.Kind.RESOURCE, "the token store " + dir + " holds "
                        + MAX_TOKENS + " tokens already; remove unused ones first");
            }
            if (user.isPresent()) {
                Optional<TokenRecord> other = forUser(user.get(), true);
                if (other.isPresent()) {
                    throw new GatewayException(GatewayException.Kind.STATE, "user " + user.get() + " already has token "
                            + other.get().serial() + "; unassign or remove it first");
                }
            }
            if (Files.exists(file(serial))) {
                throw new FileAlreadyExistsException(file(serial).toString());
            }
            // the index first: it may name a token not there yet (found and rebuilt), never miss one that is
            index.write(snapshot(true).with(serial, user));
            DurableFiles.createNew(file(serial), TokenFiles.encode(r), true);
        } catch (FileAlreadyExistsException e) {
            audit.failure(AuditEventType.OTP_TOKEN_ADD, "a token with this serial exists").object("token " + serial)
                    .correlate("token", serial).write();
            throw e;
        }
        audit.success(AuditEventType.OTP_TOKEN_ADD).object("token " + serial).correlate("token", serial)
                .subject(user.orElse(null)).detail("algorithm", profile.algorithm().id())
                .detail("digits", profile.digits()).detail("origin", origin).write();
        return r;
    }

    /** The token {@code serial}, or empty if there is none. */
    public Optional<TokenRecord> get(String serial) throws IOException {
        TokenRecord.checkSerial(serial);
        try {
            return Optional.of(read(file(serial)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Every token, by serial. */
    public List<TokenRecord> list() throws IOException {
        List<TokenRecord> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                all.add(read(f));
            }
        }
        all.sort((a, b) -> a.serial().compareTo(b.serial()));
        return all;
    }

    /**
     * The token assigned to {@code user}, if any (a user has at most one): the index names it and its file confirms
     * it; an index that names a token which is gone or someone else's is rebuilt from the token files.
     */
    public Optional<TokenRecord> forUser(String user) throws IOException {
        return forUser(user, false);
    }

    private Optional<TokenRecord> forUser(String user, boolean locked) throws IOException {
        String serial = snapshot(locked).users().get(user);
        if (serial == null) {
            return Optional.empty();
        }
        Optional<TokenRecord> r = get(serial);
        if (r.isPresent() && r.get().user().equals(Optional.of(user))) {
            return r;
        }
        LOG.warn("token store {}: the user index names token {} for user {}, which its file does not say; rebuilding "
                + "the index from the token files", dir, serial, user);
        List<TokenRecord> all = rebuildIndex(locked);
        return all.stream().filter(t -> t.user().equals(Optional.of(user))).findFirst();
    }

    /**
     * Runs {@code use} on the token's seed, opened under the seed key, and wipes the seed after, whatever happens.
     */
    public <T> T withSeed(TokenRecord token, Function<byte[], T> use) {
        byte[] seed = seedKey.open(token.sealedSeed(), context(token.serial()));
        try {
            return use.apply(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    @Override
    public boolean replace(String serial, TokenState previous, TokenState next) throws IOException {
        try (ExclusiveFileLock lock = lock()) {
            TokenRecord now = read(file(serial));
            if (!now.state().equals(previous)) {
                return false;
            }
            DurableFiles.replace(file(serial), TokenFiles.encode(now.withState(next)), true);
            return true;
        }
    }

    /** Assigns the token to {@code user} (or to nobody); a user holds at most one token. Audited as otp.assign. */
    public TokenRecord assign(String serial, Optional<String> user, String operator) throws IOException {
        TokenRecord updated;
        try (ExclusiveFileLock lock = lock()) {
            TokenRecord r = existing(serial);
            if (user.isPresent()) {
                Optional<TokenRecord> other = forUser(user.get(), true);
                if (other.isPresent() && !other.get().serial().equals(serial)) {
                    throw new GatewayException(GatewayException.Kind.STATE, "user " + user.get() + " already has token "
                            + other.get().serial() + "; unassign it first");
                }
            }
            updated = r.withUser(user);
            // the new pair before the file, the old one dropped after it: a crash between leaves a superset
            UserIndex.Snapshot before = snapshot(true);
            index.write(before.with(serial, user));
            DurableFiles.replace(file(serial), TokenFiles.encode(updated), true);
            index.write(before.without(serial, false).with(serial, user));
        }
        audit.success(AuditEventType.OTP_ASSIGN).subject(user.orElse(null)).object("token " + serial)
                .correlate("token", serial).detail("operator", operator).write();
        return updated;
    }

    /** Removes the token's file (its sealed seed with it). Audited as otp.token-remove. */
    public void remove(String serial, String operator) throws IOException {
        try (ExclusiveFileLock lock = lock()) {
            existing(serial);
            Files.delete(file(serial));
            DurableFiles.forceDirectory(dir);
            index.write(snapshot(true).without(serial, true));
        }
        audit.success(AuditEventType.OTP_TOKEN_REMOVE).object("token " + serial).correlate("token", serial)
                .detail("operator", operator).write();
    }

    private TokenRecord existing(String serial) throws IOException {
        return get(serial).orElseThrow(() -> new GatewayException(GatewayException.Kind.STATE, "no token " + serial
                + " in " + dir + "; 'gmgw otp list' shows the tokens"));
    }

    private TokenRecord read(Path f) throws IOException {
        byte[] content = Files.readAllBytes(f);
        try {
            TokenRecord r = TokenFiles.decode(content);
            if (!f.getFileName().toString().equals(r.serial() + SUFFIX)) {
                throw new IllegalArgumentException("it holds token " + r.serial());
            }
            return r;
        } catch (IllegalArgumentException e) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "token file " + f + " is damaged: "
                    + e.getMessage() + "; restore it from a backup or remove it and enrol the token again", e);
        }
    }

    /** The index as it is, rebuilt first when it is missing or damaged. */
    private UserIndex.Snapshot snapshot(boolean locked) throws IOException {
        Optional<UserIndex.Snapshot> s = index.read();
        return s.isPresent() ? s.get() : UserIndex.Snapshot.of(rebuildIndex(locked));
    }

    /**
     * Reads every token file and writes the index from them; returns the tokens. Without the lock held it is taken
     * here; a store that cannot be written (an operator with read access only) keeps working from the files.
     */
    private List<TokenRecord> rebuildIndex(boolean locked) throws IOException {
        if (locked) {
            List<TokenRecord> all = list();
            index.write(UserIndex.Snapshot.of(all));
            return all;
        }
        try (ExclusiveFileLock lock = lock()) {
            return rebuildIndex(true);
        } catch (java.nio.file.AccessDeniedException e) {
            LOG.warn("token store {}: cannot rewrite its user index ({}); reading the token files instead", dir,
                    e.getMessage());
            return list();
        }
    }

    /** The serials of the folder's token files, from their names (no file is read). */
    private Set<String> serialsOnDisk() throws IOException {
        Set<String> serials = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                serials.add(name.substring(0, name.length() - SUFFIX.length()));
            }
        }
        return serials;
    }

    private long count() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            long n = 0;
            for (Path ignored : files) {
                n++;
            }
            return n;
        }
    }

    private Path file(String serial) {
        return dir.resolve(serial + SUFFIX);
    }

    private ExclusiveFileLock lock() throws IOException {
        return ExclusiveFileLock.acquire(dir.resolve(".lock"), null);
    }

    /** What a sealed seed is bound to: this store's purpose and the token's serial. */
    private static byte[] context(String serial) {
        return ("gmgw otp seed " + serial).getBytes(StandardCharsets.US_ASCII);
    }
}
