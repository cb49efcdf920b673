package io.gmgw.gateway.keys;

import io.gmgw.crypto.key.PasswordSource;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A private key to open: {@code reference} is a path or a URI ({@code file:}, {@code pkcs11:}); {@code certificate}
 * an explicit certificate or chain file (PEM, leaf first), or null to take the one beside the key file or on the
 * token; {@code password} the key file's password or the token's PIN, or null for none.
 *
 * <p>{@code label} and {@code certificateLabel} name where the reference and the certificate came from, for
 * messages: an option ({@code --sign-key}, {@code --sign-cert}) or a configuration key
 * ({@code conf/gateway.yaml:7:13: tlcp.sign-key}, {@code tlcp.sign-cert}).
 */
public record KeyReference(String label, String reference, String certificateLabel, Path certificate,
        PasswordSource password) {
    public KeyReference {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(certificateLabel, "certificateLabel");
    }
}
