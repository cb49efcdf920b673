package io.gmgw.acl.sign;

import io.gmgw.acl.format.AclDocument;
import java.util.Objects;

/**
 * An ACL whose signature verified: the exact bytes that were checked (load these, never re-read the file, or a swap
 * between check and use would go unnoticed), the parsed document and the report.
 */
public record VerifiedAcl(String file, byte[] content, AclDocument document, AclVerification report) {
    public VerifiedAcl {
        Objects.requireNonNull(file, "file");
        content = content.clone();
        Objects.requireNonNull(document, "document");
        if (!report.valid()) {
            throw new IllegalArgumentException("not verified: " + report.message());
        }
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The signed version (from the manifest; 0 for a signature without one). */
    public long version() {
        return report.signature().manifest() == null ? 0 : report.signature().manifest().aclVersion();
    }
}
