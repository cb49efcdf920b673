package io.gmgw.cli.acl;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.format.AclFormat;
import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.log.ChainRecord;
import io.gmgw.acl.sign.AclManifest;
import io.gmgw.acl.sign.AclSigner;
import io.gmgw.acl.sign.AclVerdict;
import io.gmgw.acl.sign.AclVerificationException;
import io.gmgw.acl.sign.SignedAcl;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.cms.CmsSignedData;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.files.ExclusiveFileLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw acl sign FILE --key URI --cert FILE [--log CHAIN]}: writes FILE.p7s, FILE.sig and FILE.signer.pem and,
 * with {@code --log}, appends the version to the audit chain first (the chain is the record of what was signed; if
 * the command dies between the two, running it again finds the version in the chain and rewrites the files beside
 * FILE from it instead of signing a new version).
 */
@ExitCodes({ExitCode.ROLLBACK, ExitCode.MALFORMED_INPUT, ExitCode.PERMISSION_DENIED})
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign an ACL file's exact bytes with SM2/SM3: FILE.p7s (detached CMS SignedData with the signer's "
                + "certificates and a manifest naming the format, rule count, canonical-form SM3 and version), "
                + "FILE.sig (raw DER SM2 signature for 'openssl pkeyutl -verify -rawin') and FILE.signer.pem.",
                "With --log CHAIN the version is appended to the audit chain (next version number, linked to the "
                        + "chain's head) with a signed checkpoint. Each file is written to a temporary file, synced "
                        + "and renamed: a crash leaves the old or the new state. A signature already beside FILE is "
                        + "kept first as FILE.p7s.N, FILE.sig.N, FILE.signer.pem.N (N = 1, 2, ...; 1 the oldest).",
                "The signer's certificate is checked before anything is written: it must be the certificate of the "
                        + "key, allow signing (keyUsage digitalSignature or nonRepudiation, not an encryption "
                        + "certificate), not be restricted by its extendedKeyUsage to other purposes, and be valid "
                        + "now (exit 2 otherwise). Signatures the gateway accepts by default come from certificates "
                        + "issued with 'gmgw pki issue --acl-signer'."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw acl sign conf/acl-samples/edge.nft --password-file keys.pw \\",
                "      --key pki/issued/acl-signer/sign.key.pem \\",
                "      --cert pki/issued/acl-signer/sign.chain.pem",
                "  gmgw acl sign edge.nft --key 'pkcs11:token=gw;object=sign' \\",
                "      --cert pki/issued/gw1/sign.chain.pem --password-file token.pin \\",
                "      --log acl.chain"})
final class AclSignCommand implements Callable<Integer> {

    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The ACL file to sign.")
    private Path file;

    @Mixin
    private SigningKeyOptions key;

    @Option(names = "--log", paramLabel = "CHAIN", description = "Audit chain file to append this version to "
            + "(created when missing).")
    private Path log;

    @Option(names = "--name", paramLabel = "NAME", description = "The ACL's name in the manifest and the chain "
            + "(default: FILE's name).")
    private String name;

    @Option(names = "--format", paramLabel = "FORMAT", description = "The format, when recognition should not "
            + "decide: iptables-save, nftables, nftables-json, cisco-ios, huawei-vrp.")
    private String format;

    @Option(names = "--acl-version", paramLabel = "N", description = "Version number without --log (default 1; "
            + "with --log the chain decides).")
    private Long aclVersion;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "1", description = "With --log: add a "
            + "signed checkpoint when N or more records are not yet covered by one (default: ${DEFAULT-VALUE}).")
    private int checkpointEvery;

    AclSignCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        if (log != null && aclVersion != null) {
            throw new CommandFailedException(ExitCode.USAGE, "--acl-version and --log exclude each other: the audit "
                    + "chain numbers the versions");
        }
        if (checkpointEvery < 1) {
            throw new CommandFailedException(ExitCode.USAGE, "--checkpoint-every must be at least 1");
        }
        Audit audit = bootstrap.auditForChange();
        try {
            return sign(audit);
        } catch (IOException | RuntimeException e) {
            audit.failure(AuditEventType.ACL_SIGN, e).object(file.toString()).writeFor(e);
            throw e;
        }
    }

    private int sign(Audit audit) throws IOException {
        CryptoModule module = bootstrap.approvedModule();
        byte[] content = Files.readAllBytes(file);
        AclDocument document = AclDocument.parse(content, Optional.ofNullable(format).map(AclFormat::fromId));
        String aclName = name != null ? name : file.getFileName().toString();
        PrintWriter out = spec.commandLine().getOut();
        try (KeyHandle handle = key.open(module)) {
            List<Sm2Certificate> chain = SigningKeyOptions.chain(handle);
            AclSigner signer = new AclSigner(module, handle, chain); // refuses an unfit certificate: audited by call()
            if (!signer.hasAclSigningPurpose()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("note: " + chain.get(0).subject() + " does not name the ACL-signing purpose "
                        + "(extendedKeyUsage gmgwAclSigning): the gateway's guard and 'gmgw acl watch' refuse its "
                        + "signatures by default. Sign with a certificate from 'gmgw pki issue --acl-signer', or allow "
                        + "this one by its SM3 print (--signer-cert-sm3 " + chain.get(0).fingerprintSm3(module) + ")");
                err.flush();
            }
            SignedAcl signed;
            String where;
            Optional<Integer> kept = Optional.empty();
            if (log == null) {
                signed = signer.sign(content, document, aclName, aclVersion == null ? 1 : aclVersion, new byte[0]);
                where = "not chained";
            } else {
                try (ExclusiveFileLock lock = AuditChain.lock(log)) {
                    AuditChain auditChain = AuditChain.read(module, log);
                    if (!auditChain.intact()) {
                        throw new AclVerificationException(AclVerdict.ROLLBACK, "the audit chain " + log + " is broken ("
                                + auditChain.problem().orElseThrow().message() + "); gmgw does not append to it. "
                                + "Investigate, then start a new chain file");
                    }
                    String sm3 = HexFormat.of().formatHex(module.sm3().hash(content));
                    Optional<ChainRecord.Version> last = auditChain.latest(aclName);
                    if (last.isPresent() && last.get().sm3().equals(sm3)) {
                        signed = recover(module, handle, content, last.get());
                        where = "already version " + last.get().version() + " in " + log + " (record "
                                + last.get().seq() + "); files beside " + file + " rewritten from it";
                    } else {
                        signed = signer.sign(content, document, aclName, auditChain.nextVersion(aclName),
                                auditChain.headBytes());
                        Instant now = module.clock().instant();
                        ChainRecord.Version record = auditChain.versionRecord(signed, CmsSignedData.parse(
                                signed.cms()).signingTime().orElse(now));
                        boolean checkpoint = auditChain.uncheckpointed() + 1 >= checkpointEvery;
                        AuditChain written = auditChain.append(module, record, checkpoint ? handle : null,
                                chain.get(0), now);
                        where = "version " + signed.manifest().aclVersion() + " appended to " + log + " (record "
                                + record.seq() + (checkpoint ? ", with a checkpoint" : "") + "; head "
                                + written.head() + ")";
                    }
                    kept = signed.writeBeside(file);
                }
            }
            if (log == null) {
                kept = signed.writeBeside(file);
            }
            AclManifest m = signed.manifest();
            audit.success(AuditEventType.ACL_SIGN).object(file.toString()).subject(chain.get(0).subject().toString())
                    .correlate("name", m.aclName()).correlate("version", Long.toString(m.aclVersion()))
                    .correlate("sm3", HexFormat.of().formatHex(signed.sm3()))
                    .detail("signerSerial", chain.get(0).serialHex()).detail("chain", where)
                    .detail("format", m.format().id()).detail("rules", m.ruleCount())
                    .detail("keptAs", kept.orElse(null)).write();
            out.println("signed " + file + " (" + m.format().id() + ", " + m.ruleCount() + " rules, "
                    + m.contentLength() + " bytes) as " + m.aclName() + " version " + m.aclVersion() + ": " + where);
            out.println("  SM3            " + HexFormat.of().formatHex(signed.sm3()));
            out.println("  canonical SM3  " + m.canonicalDigestHex() + " (" + m.canonicalization() + ")");
            out.println("  signer         " + chain.get(0).subject() + " (serial " + chain.get(0).serialHex() + ")");
            out.println("  wrote          " + SignedAcl.cmsFile(file) + ", " + SignedAcl.rawSignatureFile(file) + ", "
                    + SignedAcl.signerFile(file));
            kept.ifPresent(n -> out.println("  kept           the signature they replace as " + SignedAcl.cmsFile(file)
                    + "." + n + ", " + SignedAcl.rawSignatureFile(file).getFileName() + "." + n + ", "
                    + SignedAcl.signerFile(file).getFileName() + "." + n));
            out.flush();
        }
        return ExitCode.OK.code();
    }

    /** The sidecars of a version already in the chain: its CMS as recorded, a fresh raw signature. */
    private static SignedAcl recover(CryptoModule module, KeyHandle handle, byte[] content, ChainRecord.Version v) {
        CmsSignedData cms = CmsSignedData.parse(v.cmsBytes());
        if (!cms.signer().publicKey().equals(handle.publicKey())) {
            throw new CommandFailedException(ExitCode.USAGE, "this content is already version " + v.version()
                    + " in the chain, signed by " + cms.signer().subject() + ", not by this key; nothing to sign");
        }
        StringBuilder pem = new StringBuilder();
        cms.certificates().forEach(c -> pem.append(c.toPem()));
        return new SignedAcl(v.cmsBytes(), handle.sign(content, Sm2.defaultUserId()), pem.toString(),
                AclManifest.of(cms).orElseThrow(), module.sm3().hash(content));
    }
}
