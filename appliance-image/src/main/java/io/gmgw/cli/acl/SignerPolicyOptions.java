package io.gmgw.cli.acl;

import io.gmgw.acl.sign.AclSignerPolicy;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --signer-eku}, {@code --signer-cert-sm3} and {@code --signer-subject}: who may sign ACLs (an
 * {@link AclSignerPolicy}). Each kind narrows: with a purpose and an allow-list, the signer needs both.
 */
final class SignerPolicyOptions {
    @Option(names = "--signer-eku", paramLabel = "PURPOSE",
            description = "The signer's certificate must name this extended key usage: acl-signing (gmgw pki issue "
                    + "--acl-signer), document-signing, or an OID.")
    private String extendedKeyUsage;

    @Option(names = "--signer-cert-sm3", paramLabel = "HEX",
            description = "Allow the signer certificate with this SM3 print (the report's 'signer SM3 print'); "
                    + "repeatable.")
    private List<String> certificates = new ArrayList<>();

    @Option(names = "--signer-subject", paramLabel = "DN",
            description = "Allow signers with this subject, e.g. 'CN=acl-signer, O=Example, C=CN'; repeatable.")
    private List<String> subjects = new ArrayList<>();

    /** The policy the options give, empty when none was given. */
    Optional<AclSignerPolicy> policy() {
        if (extendedKeyUsage == null && certificates.isEmpty() && subjects.isEmpty()) {
            return Optional.empty();
        }
        AclSignerPolicy.Builder b = AclSignerPolicy.builder();
        if (extendedKeyUsage != null) {
            b.extendedKeyUsage(ExtendedKeyUsages.parse(extendedKeyUsage).orElseThrow(() -> new CommandFailedException(
                    ExitCode.USAGE, "--signer-eku " + extendedKeyUsage + ": name a purpose ("
                    + ExtendedKeyUsages.names() + ") or give its OID (1.2.3.4)")));
        }
        try {
            certificates.forEach(b::allowCertificate);
            subjects.forEach(s -> b.allowSubject(DistinguishedNames.parse(s)));
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.USAGE, e.getMessage());
        }
        return Optional.of(b.build());
    }

    /** The policy the options give, or the ACL-signing purpose when none was given (as the gateway's guard). */
    AclSignerPolicy policyOrAclSigning() {
        return policy().orElseGet(AclSignerPolicy::aclSigningExtendedKeyUsage);
    }
}
