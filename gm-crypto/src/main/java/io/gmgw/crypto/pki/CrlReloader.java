package io.gmgw.crypto.pki;

import io.gmgw.crypto.core.MalformedEncodingException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link CertificateVerifier}'s CRLs in step with CRL files that are replaced while a server runs: every
 * {@link #check()} looks at each file's modification time, size and file key (inode), re-reads the files that changed,
 * and publishes a new verifier ({@link #get()}) when they hold acceptable CRLs. Connections that start after that use
 * the new CRLs; those already running keep the verifier they began with.
 *
 * <p>A replacement is taken whole or not at all: every CRL in the new file must parse, be issued by a CA certificate
 * the verifier knows (a trust anchor or a configured intermediate) and verify with that CA's key ({@link
 * RevocationChecker}'s rules), and be no older than the current CRL of the same CA (a lower cRLNumber, or the same
 * number with other content or an earlier thisUpdate, is refused, as is a file that drops a CA's CRL). Otherwise the
 * current CRLs stay, and the file is looked at again when it changes again. A new CRL whose thisUpdate is still in the
 * future (a CA clock slightly ahead) is installed beside the one it replaces, and the verifier uses the newest one
 * valid at each handshake. Every reload and every refused reload is a {@code crl.reload} audit record (through the module's audit).
 *
 * <p>{@link #check()} is meant to be driven by a timer (every minute, say): polling a few file attributes costs next to
 * nothing, sees atomic renames and symbolic-link swaps (a configuration volume) as well as edits in place, and works on
 * every file system, where a {@code WatchService} watches directories, misses a link's new target and falls back to
 * polling on some platforms anyway. Tests call it directly after replacing a file. Thread-safe.
 */
public final class CrlReloader implements Supplier<CertificateVerifier> {
    private static final Logger LOG = LoggerFactory.getLogger("pki");
    /** CRLs of a large CA can be big, but not this big. */
    static final long MAX_FILE = 64L << 20;

    private final CertificateVerifier template;
    private final Map<Path, Loaded> files = new LinkedHashMap<>();
    private volatile CertificateVerifier current;

    /** What one file held when it was last accepted, with the attributes it had when it was last looked at. */
    private record Loaded(Stamp stamp, List<Sm2Crl> crls, List<Sm2Crl> retained) {
        List<Sm2Crl> all() {
            List<Sm2Crl> out = new ArrayList<>(crls);
            out.addAll(retained);
            return out;
        }
    }

    /** A file's identity and version as the file system reports them; null fields for a missing file. */
    private record Stamp(Instant modified, long size, Object fileKey) {
        static final Stamp MISSING = new Stamp(null, -1, null);
    }

    /** What {@link #check()} did with a file that changed. */
    public sealed interface Outcome permits Reloaded, Refused {
        Path file();

        String message();
    }

    /** The file's new CRLs are in use from now on. */
    public record Reloaded(Path file, List<Sm2Crl> crls, String message) implements Outcome {
    }

    /** The file changed but its content was refused; the CRLs it held before stay in use. */
    public record Refused(Path file, String message) implements Outcome {
    }

    private CrlReloader(CertificateVerifier template) {
        this.template = template;
    }

    /**
     * Reads {@code crlFiles} (PEM with one or more CRLs, or one DER CRL each) and makes the first verifier: the
     * {@code template}'s trust anchors, intermediates, policy and SM2 user IDs with these CRLs (any CRLs of the
     * template are dropped). Every CRL must be authentic now, as for a reload.
     *
     * @throws IOException the file cannot be read (its path in the message)
     * @throws MalformedEncodingException a file holds no CRL or something that is not one
     * @throws CertificateVerificationException a CRL's issuer is not among the template's CA certificates, or the
     *         CRL does not verify with its key, or is not usable ({@link FailureReason#CRL_INVALID},
     *         {@link FailureReason#UNKNOWN_CA})
     */
    public static CrlReloader load(CertificateVerifier template, List<Path> crlFiles) throws IOException {
        Objects.requireNonNull(template, "template");
        CrlReloader r = new CrlReloader(template);
        for (Path p : crlFiles) {
            if (r.files.containsKey(p)) {
                continue;
            }
            Stamp stamp = stamp(p);
            if (stamp == Stamp.MISSING) {
                throw new NoSuchFileException(p.toString(), null, "the CRL file does not exist");
            }
            List<Sm2Crl> crls = read(p);
            VerificationResult.Invalid problem = r.authenticity(p, crls);
            if (problem != null) {
                throw new CertificateVerificationException(problem);
            }
            r.files.put(p, new Loaded(stamp, crls, List.of()));
        }
        r.publish();
        return r;
    }

    /** The verifier with the CRLs accepted so far. */
    @Override
    public CertificateVerifier get() {
        return current;
    }

    /** The files watched, in the order given. */
    public List<Path> files() {
        return List.copyOf(files.keySet());
    }

    /**
     * Re-reads every file whose modification time, size or file key changed since it was last looked at, and installs
     * what passes; returns one outcome per changed file (empty when nothing changed). Never throws for a bad file.
     */
    public synchronized List<Outcome> check() {
        List<Outcome> outcomes = new ArrayList<>();
        boolean changed = false;
        for (Map.Entry<Path, Loaded> e : files.entrySet()) {
            Path file = e.getKey();
            Loaded old = e.getValue();
            Stamp stamp;
            try {
                stamp = stamp(file);
            } catch (IOException ex) {
                stamp = Stamp.MISSING;
            }
            if (stamp.equals(old.stamp())) {
                continue;
            }
            Outcome outcome = reload(file, old, stamp);
            if (outcome instanceof Reloaded r) {
                Instant now = template.module().clock().instant();
                e.setValue(new Loaded(stamp, r.crls(), retained(old.crls(), r.crls(), now)));
                changed = true;
            } else {
                e.setValue(new Loaded(stamp, old.crls(), old.retained())); // look again only when it changes again
            }
            try {
                auditCrlReload(outcome);
            } catch (RuntimeException ex) {
                LOG.error("CRL file {} checked, but the audit log could not record it: {}", file, ex.getMessage());
            }
            outcomes.add(outcome);
        }
        if (changed) {
            publish();
        }
        return outcomes;
    }

    private Outcome reload(Path file, Loaded old, Stamp stamp) {
        if (stamp == Stamp.MISSING) {
            return new Refused(file, "the CRL file is gone or unreadable; keeping " + describe(old.crls()));
        }
        List<Sm2Crl> fresh;
        try {
            fresh = read(file);
        } catch (IOException | MalformedEncodingException ex) {
            return new Refused(file, "cannot use the new content: " + ex.getMessage() + "; keeping "
                    + describe(old.crls()));
        }
        VerificationResult.Invalid bad = authenticity(file, fresh);
        String problem = bad != null ? bad.message() : notOlder(old.crls(), fresh);
        if (problem != null) {
            return new Refused(file, problem + "; keeping " + describe(old.crls()));
        }
        if (sameContent(old.crls(), fresh)) {
            return new Reloaded(file, fresh, "the file was rewritten with the same CRLs (" + describe(fresh) + ")");
        }
        return new Reloaded(file, fresh, "now using " + describe(fresh) + " (was " + describe(old.crls()) + ")");
    }

    /** Null when every CRL is authentic for a CA certificate the verifier knows, the problem otherwise. */
    private VerificationResult.Invalid authenticity(Path file, List<Sm2Crl> crls) {
        List<Sm2Certificate> cas = new ArrayList<>(template.trustAnchors());
        cas.addAll(template.intermediates());
        for (Sm2Crl crl : crls) {
            Sm2Certificate issuer = cas.stream().filter(ca -> RevocationChecker.isIssuedBy(crl, ca)).findFirst()
                    .orElse(null);
            if (issuer == null) {
                return new VerificationResult.Invalid(FailureReason.UNKNOWN_CA, null, file + ": " + crl
                        + " was not issued by any CA certificate given to check it with (the trust anchors and "
                        + "intermediate CAs), so its signature cannot be checked; add the certificate of '"
                        + crl.issuer() + "'");
            }
            VerificationResult.Invalid bad = template.crlAuthenticity(crl, issuer);
            if (bad != null) {
                return new VerificationResult.Invalid(bad.reason(), bad.certificate(), file + ": " + bad.message());
            }
        }
        return null;
    }

    /** Null when no CRL of {@code fresh} is older than the current one of its CA and no CA's CRL is dropped. */
    private static String notOlder(List<Sm2Crl> old, List<Sm2Crl> fresh) {
        for (Sm2Crl was : old) {
            Sm2Crl now = fresh.stream().filter(c -> sameIssuer(c, was)).findFirst().orElse(null);
            if (now == null) {
                return "the new file has no CRL of '" + was.issuer() + "', which the current one has";
            }
            BigInteger a = was.crlNumber().orElse(BigInteger.valueOf(-1));
            BigInteger b = now.crlNumber().orElse(BigInteger.valueOf(-1));
            if (b.compareTo(a) < 0) {
                return "the new " + now + " is older than the current " + was + " (a lower CRL number)";
            }
            if (b.equals(a) && !Arrays.equals(now.encoded(), was.encoded())) {
                return now.thisUpdate().isBefore(was.thisUpdate())
                        ? "the new " + now + " is older than the current one (an earlier thisUpdate, "
                                + now.thisUpdate() + " before " + was.thisUpdate() + ")"
                        : "the new " + now + " has the number of the current one but other content; a CA gives "
                                + "every CRL a new number (RFC 5280 §5.2.3)";
            }
        }
        return null;
    }

    /** The previous CRLs of the CAs whose new CRL is not valid yet at {@code now}, kept until it is. */
    private static List<Sm2Crl> retained(List<Sm2Crl> old, List<Sm2Crl> fresh, Instant now) {
        List<Sm2Crl> keep = new ArrayList<>();
        for (Sm2Crl f : fresh) {
            if (f.thisUpdate().isAfter(now)) {
                old.stream().filter(o -> sameIssuer(o, f) && !o.equals(f)).forEach(keep::add);
            }
        }
        return keep;
    }

    private static boolean sameIssuer(Sm2Crl a, Sm2Crl b) {
        return a.issuer().equals(b.issuer()) && (a.authorityKeyIdentifier() == null
                || b.authorityKeyIdentifier() == null
                || Arrays.equals(a.authorityKeyIdentifier(), b.authorityKeyIdentifier()));
    }

    private static boolean sameContent(List<Sm2Crl> a, List<Sm2Crl> b) {
        return a.size() == b.size() && a.containsAll(b);
    }

    private void publish() {
        List<Sm2Crl> all = new ArrayList<>();
        files.values().forEach(l -> all.addAll(l.all()));
        current = template.toBuilder().clearCrls().crls(all).build();
    }

    private static String describe(List<Sm2Crl> crls) {
        List<String> parts = new ArrayList<>();
        for (Sm2Crl c : crls) {
            parts.add(c + ", " + c.revoked().size() + " revoked, next update " + c.nextUpdate().map(Object::toString)
                    .orElse("none"));
        }
        return String.join("; ", parts);
    }

    private static Stamp stamp(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toInstant(), a.size(), a.fileKey());
        } catch (NoSuchFileException e) {
            return Stamp.MISSING;
        }
    }

    /**
     * The CRLs of a file: PEM with one or more {@code X509 CRL} blocks, or one DER CRL.
     *
     * @throws MalformedEncodingException the file holds no CRL, or a block that is not one (the file named)
     */
    public static List<Sm2Crl> read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE) {
            throw new MalformedEncodingException(file + " is larger than " + (MAX_FILE >> 20) + " MiB; is it a CRL?");
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        List<Sm2Crl> crls;
        try {
            crls = text.contains("-----BEGIN") ? Sm2Crl.fromPem(text) : List.of(Sm2Crl.fromDer(bytes));
        } catch (MalformedEncodingException e) {
            throw new MalformedEncodingException(file + " is not a CRL file gmgw can read: " + e.getMessage(), e);
        }
        if (crls.isEmpty()) {
            throw new MalformedEncodingException(file + " holds no PEM 'X509 CRL' block");
        }
        return crls;
    }

    /** One {@code crl.reload} audit record per reload and per refused reload, through the module's audit. */
    private void auditCrlReload(Outcome outcome) {
        var audit = template.module().audit();
        switch (outcome) {
            case Reloaded r -> audit.success(io.gmgw.audit.AuditEventType.CRL_RELOAD).object(r.file().toString())
                    .reason(r.message()).write();
            case Refused r -> audit.failure(io.gmgw.audit.AuditEventType.CRL_RELOAD, r.message())
                    .object(r.file().toString()).write();
        }
        LOG.debug("CRL file {} checked: {}", outcome.file(), outcome.message());
    }
}
