package io.gmgw.cli;

import io.gmgw.acl.format.AclFormatException;
import io.gmgw.acl.sign.AclSignatureFormatException;
import io.gmgw.acl.sign.AclVerdict;
import io.gmgw.acl.sign.AclVerificationException;
import io.gmgw.audit.AuditException;
import io.gmgw.crypto.ca.CaException;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.core.CryptoModuleErrorException;
import io.gmgw.crypto.core.InvalidKeyMaterialException;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.UnsupportedKeyOperationException;
import io.gmgw.crypto.pki.CertificateVerificationException;
import io.gmgw.crypto.pki.IssuanceException;
import io.gmgw.gateway.GatewayException;
import io.gmgw.pkcs11.Pkcs11Exception;
import io.gmgw.pkcs11.Pkcs11LoadException;
import io.gmgw.pkcs11.profile.ProfileException;
import io.gmgw.pkcs11.token.PinIncorrectException;
import io.gmgw.pkcs11.token.TokenAbsentException;
import io.gmgw.pkcs11.token.TokenLockedException;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import picocli.CommandLine;

/** The one place where an exception becomes an exit code. Anything not listed is a bug: {@link ExitCode#SOFTWARE}. */
public final class ExitCodeMapper implements CommandLine.IExitCodeExceptionMapper {

    @Override
    public int getExitCode(Throwable exception) {
        return exitCodeOf(exception).code();
    }

    static ExitCode exitCodeOf(Throwable exception) {
        return switch (exception) {
            case CommandFailedException e -> e.exitCode();
            case AuditException e -> ExitCode.AUDIT_UNAVAILABLE;
            case CaException e -> ca(e.kind());
            case AclVerificationException e -> aclVerdict(e.verdict());
            case AclFormatException e -> ExitCode.MALFORMED_INPUT;
            case AclSignatureFormatException e -> ExitCode.MALFORMED_INPUT;
            case CommandLine.ParameterException e -> ExitCode.USAGE;
            case CryptoModuleErrorException e -> ExitCode.SELF_TEST_FAILED;
            case MalformedEncodingException e -> ExitCode.MALFORMED_INPUT;
            case BadCiphertextException e -> ExitCode.DATA_ERROR;
            case InvalidKeyMaterialException e -> ExitCode.DATA_ERROR;
            case KeyLoadException e -> e.reason() == KeyLoadException.Reason.UNREADABLE && permissionDenied(e)
                    ? ExitCode.PERMISSION_DENIED : keyLoad(e.reason());
            case PinIncorrectException e -> ExitCode.PERMISSION_DENIED;
            case TokenLockedException e -> ExitCode.PERMISSION_DENIED;
            case TokenAbsentException e -> ExitCode.UNAVAILABLE;
            case Pkcs11LoadException e -> ExitCode.CONFIG;
            case ProfileException e -> ExitCode.CONFIG;
            case Pkcs11Exception e -> e.isPinProblem() ? ExitCode.PERMISSION_DENIED : ExitCode.UNAVAILABLE;
            case UnsupportedKeyOperationException e -> ExitCode.UNAVAILABLE;
            case CertificateVerificationException e -> ExitCode.CERTIFICATE;
            case IssuanceException e -> ExitCode.CERTIFICATE;
            case TlcpAlertException e -> tlcp(e);
            case AccessDeniedException e -> ExitCode.PERMISSION_DENIED;
            case BindException e -> permissionDenied(e) ? ExitCode.PERMISSION_DENIED : ExitCode.UNAVAILABLE;
            case IOException e -> permissionDenied(e) ? ExitCode.PERMISSION_DENIED : ExitCode.IO_ERROR;
            case UncheckedIOException e -> exitCodeOf(e.getCause());
            case GatewayException e -> gateway(e.kind());
            default -> ExitCode.SOFTWARE;
        };
    }

    /**
     * A gateway's refusal: its configuration (78), a policy that does not verify (1), a resource or state that does not
     * allow the request now (69).
     */
    private static ExitCode gateway(GatewayException.Kind kind) {
        return switch (kind) {
            case CONFIG -> ExitCode.CONFIG;
            case POLICY -> ExitCode.VERIFICATION_FAILED;
            case RESOURCE, STATE -> ExitCode.UNAVAILABLE;
        };
    }

    /**
     * A certificate-authority operation: absence (74) and a permission problem (77) apart, so nobody is told to
     * create a CA that exists; a CA or pair that exists already (73); a damaged state file (4); a wrong request (64);
     * input of another CA or an unsuitable key (65); a request whose self-signature fails (1); a CA certificate
     * that is not valid now (2).
     */
    static ExitCode ca(CaException.Kind kind) {
        return switch (kind) {
            case NO_CA -> ExitCode.IO_ERROR;
            case NOT_PERMITTED -> ExitCode.PERMISSION_DENIED;
            case EXISTS, CANT_CREATE -> ExitCode.CANT_CREATE;
            case DAMAGED -> ExitCode.MALFORMED_INPUT;
            case INVALID_REQUEST -> ExitCode.USAGE;
            case WRONG_DATA -> ExitCode.DATA_ERROR;
            case NOT_VERIFIED -> ExitCode.VERIFICATION_FAILED;
            case CA_NOT_VALID -> ExitCode.CERTIFICATE;
        };
    }

    /**
     * Permission denied, wherever it comes from, is 77: an AccessDeniedException anywhere in the causes (a file, a
     * key file, a password file), or an I/O error the system reports as EACCES or EPERM ("Permission denied",
     * "Operation not permitted": a port below 1024 without the privilege to bind it, a FileNotFoundException from
     * java.io).
     */
    public static boolean permissionDenied(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AccessDeniedException) {
                return true;
            }
            String m = t.getMessage();
            if (t instanceof IOException && m != null
                    && (m.contains("Permission denied") || m.contains("Operation not permitted"))) {
                return true;
            }
        }
        return false;
    }

    /** The verdicts of ACL verification, as docs/acl-integrity.md documents them: 1 signature, 2, 3, 4. */
    static ExitCode aclVerdict(AclVerdict verdict) {
        return switch (verdict) {
            case VALID -> ExitCode.OK;
            case SIGNATURE_INVALID -> ExitCode.VERIFICATION_FAILED;
            case CERTIFICATE -> ExitCode.CERTIFICATE;
            case ROLLBACK -> ExitCode.ROLLBACK;
            case MALFORMED -> ExitCode.MALFORMED_INPUT;
        };
    }

    /**
     * A failed TLCP connection: a certificate the local side rejected, or one the peer rejected, is a certificate
     * problem (2); every other alert means the handshake or the connection failed its checks (1).
     */
    private static ExitCode tlcp(TlcpAlertException e) {
        return switch (e.alert()) {
            case BAD_CERTIFICATE, UNSUPPORTED_CERTIFICATE, CERTIFICATE_REVOKED, CERTIFICATE_EXPIRED,
                    CERTIFICATE_UNKNOWN, UNKNOWN_CA -> ExitCode.CERTIFICATE;
            default -> ExitCode.VERIFICATION_FAILED;
        };
    }

    /**
     * A key that cannot be opened: a wrong or missing password is a permission problem (77, like a wrong PIN); a
     * missing or unreadable file is I/O (74); a file that is not an SM2 key is malformed input (4); a key and a
     * certificate (or public key) that do not belong together are well-formed data with wrong content (65); a URI
     * scheme without a provider in this installation (pkcs11: without pkcs11-bridge) is an unavailable service (69).
     */
    private static ExitCode keyLoad(KeyLoadException.Reason reason) {
        return switch (reason) {
            case PASSWORD_REQUIRED, WRONG_PASSWORD, INSECURE -> ExitCode.PERMISSION_DENIED;
            case NOT_FOUND, UNREADABLE -> ExitCode.IO_ERROR;
            case MALFORMED, UNSUPPORTED -> ExitCode.MALFORMED_INPUT;
            case INCONSISTENT -> ExitCode.DATA_ERROR;
            case NO_PROVIDER -> ExitCode.UNAVAILABLE;
        };
    }
}
