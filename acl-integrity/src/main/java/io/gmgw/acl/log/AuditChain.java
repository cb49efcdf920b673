package io.gmgw.acl.log;

import io.gmgw.acl.sign.AclHistory;
import io.gmgw.acl.sign.AclManifest;
import io.gmgw.acl.sign.SignedAcl;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.cms.CmsSignedData;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.CertificatePurpose;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.VerificationResult;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.files.DurableFiles;
import io.gmgw.files.ExclusiveFileLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The append-only audit chain of ACL versions: a file of JSON lines ({@link ChainRecord}), each naming the SM3 of the
 * line before it. Version records carry the CMS signature of that version, whose signed manifest repeats the name, the
 * version number and the previous record's digest; checkpoint records are SM2 signatures over the chain's head. So
 * deleting, reordering or altering a record breaks a link or a signature, and signing an older ACL again as the newest
 * breaks the version sequence.
 *
 * <p>{@link #read} checks everything that needs no trust anchor and records the first problem (records after it are
 * not trusted); {@link #certificateProblem} then checks every signer's certificate path. Truncation of the newest
 * records is only visible against a head the reader already knows (the report prints the head, and
 * {@code gmgw acl verify --log} refuses a signed version the chain no longer has).
 *
 * <p>Appending rewrites the file through {@link DurableFiles}: a crash leaves the old chain or the new one.
 */
public final class AuditChain implements AclHistory {
    /** A chain record has a CMS signature with a short chain: a few kilobytes. */
    static final int MAX_LINE = 1 << 20;
    private static final HexFormat HEX = HexFormat.of();

    /** The first thing wrong with the chain: at which record, and what. */
    public record Problem(long seq, String message) {
    }

    private final Path file;
    private final List<ChainRecord> records;
    private final List<String> lines;
    private final String head;
    private final Problem problem;
    private final Map<String, ChainRecord.Version> latest;

    private AuditChain(Path file, List<ChainRecord> records, List<String> lines, String head, Problem problem,
            Map<String, ChainRecord.Version> latest) {
        this.file = file;
        this.records = List.copyOf(records);
        this.lines = List.copyOf(lines);
        this.head = head;
        this.problem = problem;
        this.latest = Map.copyOf(latest);
    }

    /**
     * Waits for the exclusive lock on the chain at {@code file} ({@code FILE.lock}), held from reading its head to
     * writing the new records, so two writers cannot both append record N+1. {@link AuditLogFile} takes the same
     * lock.
     */
    public static ExclusiveFileLock lock(Path file) throws IOException {
        return ExclusiveFileLock.acquire(file.resolveSibling(file.getFileName() + ".lock"), null);
    }

    /** Reads the chain at {@code file} each time the reader is asked (for {@code SignedAclGuard}). */
    public static AclHistory.Reader reader(CryptoModule module, Path file) {
        return () -> read(module, file);
    }

    /** Reads and checks the chain at {@code file}; a missing file is an empty chain. */
    public static AuditChain read(CryptoModule module, Path file) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            content = new byte[0];
        }
        return parse(module, file, content);
    }

    static AuditChain parse(CryptoModule module, Path file, byte[] content) {
        List<ChainRecord> records = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Map<String, ChainRecord.Version> latest = new HashMap<>();
        String head = ChainRecord.GENESIS;
        Problem problem = null;
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            problem = new Problem(text.split("\n", -1).length, "the last record has no line end: the file was cut "
                    + "or altered");
        }
        String[] split = text.isEmpty() ? new String[0] : text.split("\n", -1);
        int count = text.endsWith("\n") ? split.length - 1 : split.length;
        for (int i = 0; i < count && problem == null; i++) {
            long seq = i + 1;
            String line = split[i];
            try {
                if (line.length() > MAX_LINE) {
                    throw new IllegalArgumentException("longer than " + MAX_LINE + " characters");
                }
                ChainRecord r = ChainRecord.parse(line);
                check(module, r, seq, head, latest);
                if (r instanceof ChainRecord.Version v) {
                    latest.put(v.name(), v);
                }
                records.add(r);
                lines.add(line);
                head = HEX.formatHex(module.sm3().hash(line.getBytes(StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException | MalformedEncodingException | ArithmeticException
                    | java.time.format.DateTimeParseException | io.gmgw.acl.sign.AclSignatureFormatException e) {
                problem = new Problem(seq, "record " + seq + ": " + e.getMessage());
            }
        }
        return new AuditChain(file, records, lines, head, problem, latest);
    }

    private static void check(CryptoModule module, ChainRecord r, long seq, String head,
            Map<String, ChainRecord.Version> latest) {
        if (r.seq() != seq) {
            throw new IllegalArgumentException("sequence number " + r.seq() + " where " + seq + " belongs (records "
                    + "deleted, inserted or reordered)");
        }
        if (!MessageDigest.isEqual(r.prev().getBytes(StandardCharsets.US_ASCII),
                head.getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("its link to the previous record is broken (a record before it was "
                    + "deleted, reordered or altered)");
        }
        switch (r) {
            case ChainRecord.Version v -> checkVersion(module, v, latest);
            case ChainRecord.Event e -> {
                // An event is covered by the links before and after it, and by the next checkpoint.
            }
            case ChainRecord.Checkpoint c -> {
                Sm2Certificate signer = Sm2Certificate.fromDer(c.signerBytes());
                if (!module.sm2().verify(signer.publicKey(), c.toBeSigned(module.sm3().hash(c.signerBytes())),
                        c.signatureBytes(),
                        Sm2.defaultUserId())) {
                    throw new IllegalArgumentException("the checkpoint signature does not verify");
                }
                Instant.parse(c.time());
            }
        }
    }

    private static void checkVersion(CryptoModule module, ChainRecord.Version v,
            Map<String, ChainRecord.Version> latest) {
        CmsSignedData cms = CmsSignedData.parse(v.cmsBytes());
        if (!cms.signatureValid(module)) {
            throw new IllegalArgumentException("the CMS signature of " + v.name() + " version " + v.version()
                    + " does not verify");
        }
        if (!cms.digestMatchesSm3(HEX.parseHex(v.sm3()))) {
            throw new IllegalArgumentException("the record's SM3 is not the signed message digest");
        }
        AclManifest m = AclManifest.of(cms).orElseThrow(() -> new IllegalArgumentException("the signature has no "
                + "gmgw ACL manifest"));
        boolean same = m.aclName().equals(v.name()) && m.aclVersion() == v.version() && m.contentLength() == v.size()
                && m.canonicalDigestHex().equals(v.canonicalSm3()) && m.format().id().equals(v.format())
                && m.ruleCount() == v.rules() && m.previousRecordHex().equals(v.prev())
                && cms.signingTime().map(Instant::toString).orElse("").equals(v.signedAt());
        if (!same) {
            throw new IllegalArgumentException("the record differs from the manifest its signature covers (altered)");
        }
        ChainRecord.Version before = latest.get(v.name());
        long expected = before == null ? 1 : before.version() + 1;
        if (v.version() != expected) {
            throw new IllegalArgumentException(v.name() + " version " + v.version() + " where version " + expected
                    + " belongs (rollback to an older version, or a version skipped)");
        }
    }

    /**
     * The first signer whose certificate path does not verify against {@code verifier} at the time it signed
     * (versions at their signing time, checkpoints at theirs), or empty.
     */
    public Optional<VerificationResult.Invalid> certificateProblem(CertificateVerifier verifier) {
        // A checkpoint names only its signer's certificate; the issuers come from the signatures in the chain.
        List<Sm2Certificate> pool = new ArrayList<>();
        for (ChainRecord r : records) {
            if (r instanceof ChainRecord.Version v) {
                for (Sm2Certificate c : CmsSignedData.parse(v.cmsBytes()).certificates()) {
                    if (!pool.contains(c) && pool.size() < CertificateVerifier.MAX_PRESENTED) {
                        pool.add(c);
                    }
                }
            }
        }
        for (ChainRecord r : records) {
            VerificationResult result = switch (r) {
                case ChainRecord.Event e -> null;
                case ChainRecord.Version v -> {
                    CmsSignedData cms = CmsSignedData.parse(v.cmsBytes());
                    yield verifier.verify(cms.signer(), cms.certificates(), Instant.parse(v.signedAt()),
                            CertificatePurpose.SIGNING);
                }
                case ChainRecord.Checkpoint c -> verifier.verify(Sm2Certificate.fromDer(c.signerBytes()), pool,
                        Instant.parse(c.time()), CertificatePurpose.SIGNING);
            };
            if (result instanceof VerificationResult.Invalid invalid) { // null (an event) is no instance
                return Optional.of(invalid);
            }
        }
        return Optional.empty();
    }

    public Path file() {
        return file;
    }

    public List<ChainRecord> records() {
        return records;
    }

    /** SM3 (hex) of the last good record's line: what the next record must name as {@code prev}. */
    @Override
    public String head() {
        return head;
    }

    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    public boolean intact() {
        return problem == null;
    }

    /** The newest version record of ACL {@code name}. */
    public Optional<ChainRecord.Version> latest(String name) {
        return Optional.ofNullable(latest.get(name));
    }

    /** The version record holding exactly this CMS signature. */
    public Optional<ChainRecord.Version> find(byte[] cms) {
        String b64 = Base64.getEncoder().encodeToString(cms);
        for (ChainRecord r : records) {
            if (r instanceof ChainRecord.Version v && v.cms().equals(b64)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public Optional<String> damage() {
        return problem().map(Problem::message);
    }

    @Override
    public Optional<Long> latestVersion(String aclName) {
        return latest(aclName).map(ChainRecord.Version::version);
    }

    @Override
    public Optional<AclHistory.Entry> recorded(byte[] cms) {
        return find(cms).map(v -> new AclHistory.Entry(v.version(), v.seq(), v.sm3()));
    }

    @Override
    public int recordCount() {
        return records.size();
    }

    /** Records after the last checkpoint (not yet covered by a checkpoint signature). */
    @Override
    public int uncheckpointed() {
        int n = 0;
        for (int i = records.size() - 1; i >= 0 && !(records.get(i) instanceof ChainRecord.Checkpoint); i--) {
            n++;
        }
        return n;
    }

    /** The next ACL version number for {@code name}. */
    public long nextVersion(String name) {
        return latest(name).map(v -> v.version() + 1).orElse(1L);
    }

    /** The head as bytes, for a new signature's manifest. */
    public byte[] headBytes() {
        return HEX.parseHex(head);
    }

    /** A version record for {@code signed}, to append next. */
    public ChainRecord.Version versionRecord(SignedAcl signed, Instant signedAt) {
        AclManifest m = signed.manifest();
        if (!m.previousRecordHex().equals(head)) {
            throw new IllegalStateException("the signature names " + m.previousRecordHex() + " as previous record, "
                    + "but the chain's head is " + head);
        }
        return new ChainRecord.Version(records.size() + 1L, head, m.aclName(), m.aclVersion(), m.contentLength(),
                HEX.formatHex(signed.sm3()), m.canonicalDigestHex(), m.format().id(), m.ruleCount(),
                signedAt.toString(), Base64.getEncoder().encodeToString(signed.cms()));
    }

    /**
     * Writes the chain with {@code version} (may be null) and, when {@code checkpointKey} is given, a checkpoint after
     * it. The caller holds the chain's {@link #lock} and read this chain under it. Returns the chain as written.
     */
    public AuditChain append(CryptoModule module, ChainRecord.Version version, KeyHandle checkpointKey,
            Sm2Certificate checkpointCertificate, Instant now) throws IOException {
        if (problem != null) {
            throw new IllegalStateException("refusing to append to a broken audit chain: " + problem.message());
        }
        List<String> out = new ArrayList<>(lines);
        String h = head;
        if (version != null) {
            out.add(version.toJson());
            h = HEX.formatHex(module.sm3().hash(version.toJson().getBytes(StandardCharsets.UTF_8)));
        }
        if (checkpointKey != null) {
            Objects.requireNonNull(checkpointCertificate, "checkpointCertificate");
            ChainRecord.Checkpoint unsigned = new ChainRecord.Checkpoint(out.size() + 1L, h, now.toString(), "", "");
            byte[] sig = checkpointKey.sign(unsigned.toBeSigned(module.sm3().hash(checkpointCertificate.encoded())),
                    Sm2.defaultUserId());
            out.add(new ChainRecord.Checkpoint(unsigned.seq(), h, unsigned.time(),
                    Base64.getEncoder().encodeToString(checkpointCertificate.encoded()),
                    Base64.getEncoder().encodeToString(sig)).toJson());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String l : out) {
            bytes.writeBytes(l.getBytes(StandardCharsets.UTF_8));
            bytes.write('\n');
        }
        byte[] content = bytes.toByteArray();
        DurableFiles.replace(file, content, false);
        AuditChain written = parse(module, file, content);
        if (!written.intact()) {
            throw new IllegalStateException("the chain just written does not verify: " + written.problem);
        }
        return written;
    }
}
