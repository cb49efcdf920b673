package io.gmgw.gateway.policy;

import io.gmgw.acl.format.AclFormatException;
import io.gmgw.acl.sign.AclVerification;
import io.gmgw.acl.sign.AclVerificationException;
import io.gmgw.acl.sign.SignedAclGuard;
import io.gmgw.acl.sign.VerifiedAcl;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.gateway.GatewayException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a group's ACL only when its SM2 signature verifies: acl-integrity's {@link SignedAclGuard} (configured with
 * the ACL-signer trust anchor, the CRLs and the signer policy) checks {@code FILE.p7s} over the file's exact bytes,
 * and only those verified bytes are compiled. Every outcome is a {@code policy.load} audit record; a refusal is a
 * {@link GatewayException} of kind {@code POLICY} naming the group, the file, the reason and what to do.
 */
public final class PolicyLoader {
    private static final Logger LOG = LoggerFactory.getLogger("policy");

    private final SignedAclGuard guard;
    private final Audit audit;

    public PolicyLoader(SignedAclGuard guard, Audit audit) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * The verified, compiled ACL of {@code group}; {@code previous} is the version in force (null at start), named
     * in the refusal so the operator knows what still applies. On a reload the new file must be signed with a
     * higher version than {@code previous}, or be {@code previous} itself (same version, same SM3): anything else is
     * a rollback, refused ({@code kind} {@code rollback} in the audit record).
     */
    public GroupAcl load(String group, Path file, GroupAcl previous) {
        String keeping = previous == null ? " The gateway does not start with it."
                : " The previous version (" + previous.version() + ", SM3 " + previous.sm3() + ") stays in force.";
        VerifiedAcl verified;
        try {
            verified = guard.load(file);
        } catch (AclVerificationException e) {
            throw refuse(group, file, e.getMessage() + ". Review the file, then sign it with 'gmgw acl sign " + file
                    + " --key KEY --cert CHAIN' using a certificate the ACL-signer trust anchor issued for ACL "
                    + "signing." + keeping, e.verdict().name().toLowerCase(java.util.Locale.ROOT), 0, e);
        } catch (AclFormatException e) {
            throw refuse(group, file, file + " is signed but not readable as an ACL: " + e.getMessage() + "." + keeping,
                    "malformed", 0, e);
        } catch (IOException e) {
            throw refuse(group, file, "cannot read " + file + ": " + e + "." + keeping, "unreadable", 0, e);
        }
        AclVerification report = verified.report();
        if (previous != null) {
            refuseRollback(group, file, verified.version(), report.sm3(), previous, keeping);
        }
        GroupAcl acl;
        try {
            acl = GroupAclCompiler.compile(group, file.toString(), verified.version(), report.sm3(),
                    verified.document());
        } catch (AclSyntaxException e) {
            String where = e.line() > 0 ? file + ":" + e.line() : file.toString();
            throw refuse(group, file, where + ": " + e.getMessage() + ". Correct it, then sign the file again with "
                    + "'gmgw acl sign " + file + " --key KEY --cert CHAIN'." + keeping, "syntax", e.line(), e);
        }
        AclVerification.Signer signer = report.signer();
        audit.success(AuditEventType.POLICY_LOAD).subject("group " + group).object(file.toString())
                .correlate("aclVersion", Long.toString(acl.version()))
                .detail("sm3", acl.sm3()).detail("entries", acl.entries().size())
                .detail("signer", signer == null ? null : signer.subject())
                .detail("signerSerial", signer == null ? null : signer.serial())
                .detail("signingTime", report.signature() == null ? null : report.signature().signingTime())
                .detail("reload", previous != null).write();
        LOG.info("group {}: ACL {} version {} loaded ({} entries, signed by {})", group, file, acl.version(),
                acl.entries().size(), signer == null ? "?" : signer.subject());
        return acl;
    }

    /**
     * A validly signed older version is still a validly signed ACL: the signature alone does not stop someone who can
     * write the ACL directory from putting back last year's rules. The version is acl-integrity's manifest
     * {@code aclVersion}, a CMS signed attribute, so it cannot be changed without the signer's key. A reload must
     * carry a higher version, or the same version with the same bytes (a no-op reload). The audit chain
     * ({@code acl.log}), when configured, also covers a restart, where there is no version in force to compare with.
     */
    private void refuseRollback(String group, Path file, long version, String sm3, GroupAcl previous,
            String keeping) {
        String problem;
        if (version < previous.version()) {
            problem = file + " is signed as version " + version + (version == 0 ? " (its signature has no gmgw "
                    + "manifest, so no version)" : "") + ", and version " + version + " is older than version "
                    + previous.version() + " in force: an ACL is never rolled back by a reload.";
        } else if (version == previous.version() && !sm3.equalsIgnoreCase(previous.sm3())) {
            problem = file + " is signed as version " + version + ": version " + version + " is the version in force, "
                    + "but its SM3 " + sm3 + " differs from " + previous.sm3() + ", so two different ACLs carry one "
                    + "version.";
        } else {
            return;
        }
        String message = problem + " To change the rules, sign the file with a higher version: 'gmgw acl sign " + file
                + " --key KEY --cert CHAIN --acl-version " + (previous.version() + 1) + "' (or with --log CHAIN, which "
                + "numbers the versions)." + keeping;
        throw refuse(group, file, message, "rollback", 0, null, version, previous.version());
    }

    private GatewayException refuse(String group, Path file, String message, String kind, int line, Exception cause) {
        return refuse(group, file, message, kind, line, cause, null, null);
    }

    private GatewayException refuse(String group, Path file, String message, String kind, int line, Exception cause,
            Long version, Long versionInForce) {
        String text = "group '" + group + "': ACL refused: " + message;
        GatewayException e = new GatewayException(GatewayException.Kind.POLICY, text, cause);
        audit.failure(AuditEventType.POLICY_LOAD, message).subject("group " + group).object(file.toString())
                .detail("kind", kind).detail("line", line > 0 ? line : null).detail("version", version)
                .detail("versionInForce", versionInForce).writeFor(e);
        LOG.error(text);
        return e;
    }
}
