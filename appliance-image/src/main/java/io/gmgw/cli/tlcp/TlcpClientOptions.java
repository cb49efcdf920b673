package io.gmgw.cli.tlcp;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.sslvpn.tlcp.ClientCertificateShape;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.protocol.CertificateVerifyVariant;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How a TLCP client presents itself and checks the server, beyond keys and trust: the name the server's certificate
 * must carry, and the two shapes of client authentication that servers disagree on (GmSSL 3.x servers want the signing
 * certificate alone and a CertificateVerify over the raw handshake messages). A mixin, for {@code tlcp connect} and
 * the VPN client.
 */
public final class TlcpClientOptions {
    @Option(names = "--server-name", paramLabel = "NAME", description = "The name the server's signing certificate "
            + "must carry, instead of HOST: a DNS name (matched against DNS subjectAltNames, else the CN) or an IP "
            + "address (matched against IP subjectAltNames only). A DNS name is also sent as SNI.")
    private String serverName;

    @Option(names = "--no-name-check", description = "Do not check the server's name (the chain is still checked). "
            + "For tests only: anyone with a certificate from your CA could then pose as the server.")
    private boolean noNameCheck;

    @Option(names = "--client-cert-shape", paramLabel = "double|sign-only", defaultValue = "double",
            description = "What the client sends when asked for its certificate: double = signing, encryption and CA "
                    + "certificates (GM/T 0024; Kona, Tongsuo, gmgw); sign-only = signing and CA certificates "
                    + "(GmSSL 3.x servers). ECDHE suites always send double. Default: ${DEFAULT-VALUE}.")
    private String shape;

    @Option(names = "--cert-verify", paramLabel = "hash|raw", defaultValue = "hash",
            description = "What the client's CertificateVerify signs: hash = SM3 of the handshake messages (GM/T "
                    + "0024; Kona, Tongsuo, gmgw); raw = the messages themselves (GmSSL 3.x servers). Default: "
                    + "${DEFAULT-VALUE}.")
    private String certVerify;

    /**
     * The reference identity to check for a connection to {@code host}: --server-name, else HOST itself; null with
     * --no-name-check.
     */
    public String expectedName(String host) {
        if (noNameCheck && serverName != null) {
            throw new CommandFailedException(ExitCode.USAGE, "--server-name and --no-name-check contradict each other:"
                    + " give the name to check, or turn the check off");
        }
        return noNameCheck ? null : serverName != null ? serverName : host;
    }

    /** Sets the name check, SNI, certificate shape and CertificateVerify form on a client configuration. */
    public TlcpConfig.Builder apply(TlcpConfig.Builder b, String host) {
        String name = expectedName(host);
        try {
            b.serverName(name, serverName != null);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.USAGE, (serverName != null ? "--server-name: " : "HOST: ")
                    + e.getMessage());
        }
        return b.clientCertificateShape(shape()).certificateVerifyVariant(certificateVerify());
    }

    ClientCertificateShape shape() {
        return switch (shape.toLowerCase(Locale.ROOT)) {
            case "double", "sign-enc" -> ClientCertificateShape.DOUBLE;
            case "sign-only", "sign" -> ClientCertificateShape.SIGNING_ONLY;
            default -> throw new CommandFailedException(ExitCode.USAGE, "--client-cert-shape must be double or "
                    + "sign-only, not '" + shape + "'");
        };
    }

    CertificateVerifyVariant certificateVerify() {
        return switch (certVerify.toLowerCase(Locale.ROOT)) {
            case "hash" -> CertificateVerifyVariant.HASH_OF_MESSAGES;
            case "raw" -> CertificateVerifyVariant.RAW_MESSAGES;
            default -> throw new CommandFailedException(ExitCode.USAGE, "--cert-verify must be hash or raw, not '"
                    + certVerify + "'");
        };
    }
}
