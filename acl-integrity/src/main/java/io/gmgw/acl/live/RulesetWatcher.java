package io.gmgw.acl.live;

import io.gmgw.acl.format.AclDiff;
import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.format.AclFormatException;
import io.gmgw.acl.sign.VerifiedAcl;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.CryptoModule;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the live ruleset with a verified signed ACL, once ({@link #check()}) or at an interval ({@link #watch}).
 * The comparison is of canonical forms, so counters, handles and generation comments of the live dump do not count
 * as drift, while any rule, chain, policy or set change does. Drift is logged on {@code acl} and raised as an audit
 * event ({@code audit} logger).
 */
public final class RulesetWatcher {
    private static final Logger LOG = LoggerFactory.getLogger("acl");

    private final CryptoModule module;
    private final Audit audit;
    private final VerifiedAcl signed;
    private final RulesetSource source;
    private final AclDocument signedDocument;

    public RulesetWatcher(CryptoModule module, VerifiedAcl signed, RulesetSource source) {
        this(module, signed, source, module.audit());
    }

    /** As above, recording each drift ({@code acl.drift}) through {@code audit}. */
    public RulesetWatcher(CryptoModule module, VerifiedAcl signed, RulesetSource source, Audit audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.module = Objects.requireNonNull(module, "module");
        this.signed = Objects.requireNonNull(signed, "signed");
        this.source = Objects.requireNonNull(source, "source");
        this.signedDocument = signed.document();
        if (signedDocument.format() != source.format()) {
            throw new AclFormatException(signed.file() + " is " + signedDocument.format().id() + ", but "
                    + source.description() + " prints " + source.format().id() + "; sign a dump of the same kind");
        }
    }

    /** Reads the live ruleset once and compares. */
    public Drift check() throws IOException {
        AclDocument live = AclDocument.parse(source.read(), Optional.of(source.format()));
        HexFormat hex = HexFormat.of();
        String liveSm3 = hex.formatHex(module.sm3().hash(live.canonical()));
        String signedSm3 = hex.formatHex(module.sm3().hash(signedDocument.canonical()));
        AclDiff diff = liveSm3.equals(signedSm3) ? new AclDiff(java.util.List.of(), java.util.List.of(), false)
                : AclDiff.between(signedDocument, live);
        Drift d = new Drift(module.clock().instant(), source.description(), signed.file(), signed.version(),
                liveSm3, signedSm3, live.ruleCount(), signedDocument.ruleCount(), diff);
        if (d.drifted()) {
            LOG.warn(d.summary());
            audit.failure(AuditEventType.ACL_DRIFT, "the live ruleset differs from signed version "
                    + signed.version() + " of " + signed.file() + ": " + diff.removed().size() + " signed rule(s) "
                    + "missing, " + diff.added().size() + " rule(s) not signed").object(source.description())
                    .subject(signed.file().toString()).correlate("version", Long.toString(signed.version()))
                    .detail("liveSm3", liveSm3).detail("signedSm3", signedSm3)
                    .detail("missing", diff.removed().size()).detail("extra", diff.added().size()).write();
        } else {
            LOG.debug(d.summary());
        }
        return d;
    }

    /**
     * Checks every {@code interval} until {@code stop} returns true for a result (or the thread is interrupted);
     * each result goes to {@code results}. Waiting uses {@code ticks}: one element per elapsed interval, so a test
     * can drive the loop without sleeping (production passes {@link #timer(Duration)}).
     */
    public void watch(BlockingQueue<?> ticks, Consumer<Drift> results, Predicate<Drift> stop)
            throws IOException, InterruptedException {
        while (true) {
            Drift d = check();
            results.accept(d);
            if (stop.test(d)) {
                return;
            }
            ticks.take();
        }
    }

    /** A queue that receives one element every {@code interval}, from a daemon virtual thread. */
    public static BlockingQueue<Object> timer(Duration interval) {
        BlockingQueue<Object> q = new LinkedBlockingQueue<>(1);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    TimeUnit.MILLISECONDS.sleep(interval.toMillis());
                    q.offer(Boolean.TRUE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return q;
    }
}
