package io.gmgw.cli.demo;

import io.gmgw.crypto.ca.PkiFolder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where everything of a demo lives inside its directory, and the demo's names, so every step (and the gateway and
 * client steps that follow them) agrees on them. Paths are absolute; {@code gateway.yaml} names them relative to the
 * demo directory, so the folder can be moved.
 */
public record DemoLayout(Path directory) {
    /** The VPN user: the CN of its certificates. */
    public static final String USER = "demo-user";
    /** The VPN user's group: the OU of its smart-key certificates, and the gateway's group of that name. */
    public static final String GROUP = "demo";
    /** The folder under pki/issued/ of the user's pair whose keys are in the smart key. */
    public static final String USER_SMART_KEY_PAIR = "demo-user-smartkey";
    /** The ACL signer's folder under pki/issued/ and its name. */
    public static final String ACL_SIGNER = "acl-signer";
    /** The soft smart key's token label and its two keys' labels (certificates carry the same labels). */
    public static final String TOKEN_LABEL = "gmgw-demo";
    public static final String SIGN_LABEL = "sign";
    public static final String ENC_LABEL = "enc";
    /** The users' pool; its first host address is the gateway's end of the tunnel (docs/gateway.md, pools). */
    public static final String POOL = "10.88.0.0/24";
    public static final String GATEWAY_TUNNEL_ADDRESS = "10.88.0.1";
    /** The serial of the demo user's soft dynamic token (GB/T 38556, docs/otp.md). */
    public static final String SOFT_TOKEN = "DEMO-0001";

    public DemoLayout {
        Objects.requireNonNull(directory, "directory");
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("demo directory must be absolute: " + directory);
        }
    }

    public PkiFolder pki() {
        return new PkiFolder(directory.resolve("pki"));
    }

    /** The soft smart key's store (its GMGW_SOFTKEY_DIR) and the PIN files, all owner-only. */
    public Path smartKey() {
        return directory.resolve("smartkey");
    }

    public Path softKeyStore() {
        return smartKey().resolve("store");
    }

    /** The user PIN, first line, mode 0600: {@code file:} PIN source of the client. */
    public Path userPinFile() {
        return smartKey().resolve("user.pin");
    }

    public Path soPinFile() {
        return smartKey().resolve("so.pin");
    }

    /**
     * The {@code pkcs11:} URI (RFC 7512) of the user's key {@code label} in the demo's token, with the soft smart
     * key's module; the PIN is not in it (the client takes it from {@link #userPinFile()}).
     */
    public String smartKeyUri(String label, Path library) {
        return "pkcs11:token=" + encode(TOKEN_LABEL) + ";object=" + encode(label) + "?module-path="
                + encode(library.toAbsolutePath().normalize().toString());
    }

    /** RFC 7512 percent-encoding: unreserved characters and '/' as they are, every other byte as %XX. */
    private static String encode(String value) {
        StringBuilder s = new StringBuilder();
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/".indexOf(c) >= 0)) {
                s.append(c);
            } else {
                s.append('%').append(java.util.HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return s.toString();
    }

    /** The dynamic tokens: the token store and the seed key beside it. */
    public Path otpDirectory() {
        return directory.resolve("otp");
    }

    /** The token store's folder ({@code otp.token-store}). */
    public Path tokenStore() {
        return otpDirectory().resolve("tokens");
    }

    /** The SM4 key the seeds are sealed under ({@code otp.seed-key}), 32 hex digits, mode 0600. */
    public Path seedKey() {
        return otpDirectory().resolve("seed.key");
    }

    /** The group ACLs (and their signatures beside them). */
    public Path aclDirectory() {
        return directory.resolve("vpn-acls");
    }

    public Path groupAcl() {
        return aclDirectory().resolve(GROUP + ".cisco-ios.cfg");
    }

    public Path gatewayConfig() {
        return directory.resolve("gateway.yaml");
    }

    public Path controlSocket() {
        return directory.resolve("run").resolve("gateway.sock");
    }

    /**
     * The repository's example configuration beside the demo ({@code DIR/../conf}): conf/gateway.yaml names the demo's
     * PKI as {@code ../demo/pki}, so the two are siblings.
     */
    public Path exampleConf() {
        return directory.getParent() == null ? directory.resolve("conf") : directory.getParent().resolve("conf");
    }
}
