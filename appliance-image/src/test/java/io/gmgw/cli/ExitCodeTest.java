package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.core.CryptoModuleErrorException;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.core.ModuleState;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.pki.CertificateVerificationException;
import io.gmgw.crypto.pki.FailureReason;
import io.gmgw.crypto.pki.IssuanceException;
import io.gmgw.crypto.pki.VerificationResult;
import io.gmgw.gateway.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitCodeTest {

    @Test
    void codesOtherIssuesDependOnNeverChange() {
        Map<ExitCode, Integer> fixed = Map.ofEntries(Map.entry(ExitCode.OK, 0),
                Map.entry(ExitCode.VERIFICATION_FAILED, 1), Map.entry(ExitCode.CERTIFICATE, 2),
                Map.entry(ExitCode.ROLLBACK, 3), Map.entry(ExitCode.MALFORMED_INPUT, 4),
                Map.entry(ExitCode.USAGE, 64), Map.entry(ExitCode.DATA_ERROR, 65), Map.entry(ExitCode.NOT_FOUND, 67),
                Map.entry(ExitCode.UNAVAILABLE, 69),
                Map.entry(ExitCode.SOFTWARE, 70), Map.entry(ExitCode.CANT_CREATE, 73), Map.entry(ExitCode.IO_ERROR, 74),
                Map.entry(ExitCode.PERMISSION_DENIED, 77), Map.entry(ExitCode.CONFIG, 78),
                Map.entry(ExitCode.SELF_TEST_FAILED, 80), Map.entry(ExitCode.AUDIT_UNAVAILABLE, 81));
        assertEquals(fixed.size(), ExitCode.values().length, "a new code needs a row here and in docs/exit-codes.md");
        fixed.forEach((code, value) -> assertEquals(value, code.code(), code.name()));
        assertEquals(ExitCode.values().length,
                Arrays.stream(ExitCode.values()).map(ExitCode::code).collect(Collectors.toSet()).size());
    }

    @Test
    void exceptionsMapToTheirCodes() {
        assertEquals(ExitCode.ROLLBACK, ExitCodeMapper.exitCodeOf(new CommandFailedException(ExitCode.ROLLBACK, "x")));
        assertEquals(ExitCode.USAGE, ExitCodeMapper.exitCodeOf(
                new CommandLine.ParameterException(new CommandLine(CommandLine.Model.CommandSpec.create()), "bad")));
        assertEquals(ExitCode.SELF_TEST_FAILED,
                ExitCodeMapper.exitCodeOf(new CryptoModuleErrorException(ModuleState.ERROR, "x")));
        assertEquals(ExitCode.MALFORMED_INPUT, ExitCodeMapper.exitCodeOf(new MalformedEncodingException("x")));
        assertEquals(ExitCode.DATA_ERROR, ExitCodeMapper.exitCodeOf(new BadCiphertextException("x")));
        assertEquals(ExitCode.PERMISSION_DENIED, ExitCodeMapper.exitCodeOf(new AccessDeniedException("/x")));
        assertEquals(ExitCode.IO_ERROR, ExitCodeMapper.exitCodeOf(new NoSuchFileException("/x")));
        assertEquals(ExitCode.IO_ERROR,
                ExitCodeMapper.exitCodeOf(new UncheckedIOException(new NoSuchFileException("/x"))));
        assertEquals(ExitCode.SOFTWARE, ExitCodeMapper.exitCodeOf(new NullPointerException()));
        assertEquals(74, new ExitCodeMapper().getExitCode(new IOException("disk")));
    }

    @Test
    void keysThatCannotBeOpenedMapByReason() {
        Map<KeyLoadException.Reason, ExitCode> expected = Map.of(
                KeyLoadException.Reason.PASSWORD_REQUIRED, ExitCode.PERMISSION_DENIED,
                KeyLoadException.Reason.WRONG_PASSWORD, ExitCode.PERMISSION_DENIED,
                KeyLoadException.Reason.INSECURE, ExitCode.PERMISSION_DENIED,
                KeyLoadException.Reason.NOT_FOUND, ExitCode.IO_ERROR,
                KeyLoadException.Reason.UNREADABLE, ExitCode.IO_ERROR,
                KeyLoadException.Reason.MALFORMED, ExitCode.MALFORMED_INPUT,
                KeyLoadException.Reason.UNSUPPORTED, ExitCode.MALFORMED_INPUT,
                KeyLoadException.Reason.INCONSISTENT, ExitCode.DATA_ERROR,
                KeyLoadException.Reason.NO_PROVIDER, ExitCode.UNAVAILABLE);
        assertEquals(KeyLoadException.Reason.values().length, expected.size(), "a new reason needs a code");
        expected.forEach((reason, code) -> assertEquals(code,
                ExitCodeMapper.exitCodeOf(new KeyLoadException(reason, "x")), reason.name()));
    }

    @Test
    void gatewayRefusalsMapByKind() {
        Map<GatewayException.Kind, ExitCode> expected = Map.of(
                GatewayException.Kind.CONFIG, ExitCode.CONFIG,
                GatewayException.Kind.POLICY, ExitCode.VERIFICATION_FAILED,
                GatewayException.Kind.RESOURCE, ExitCode.UNAVAILABLE,
                GatewayException.Kind.STATE, ExitCode.UNAVAILABLE);
        assertEquals(GatewayException.Kind.values().length, expected.size(), "a new kind needs a code");
        expected.forEach((kind, code) -> assertEquals(code,
                ExitCodeMapper.exitCodeOf(new GatewayException(kind, "x")), kind.name()));
    }

    @Test
    void certificateFailuresAreCertificateProblems() {
        VerificationResult.Invalid revoked = new VerificationResult.Invalid(FailureReason.REVOKED, null, "revoked",
                null);
        assertEquals(ExitCode.CERTIFICATE, ExitCodeMapper.exitCodeOf(new CertificateVerificationException(revoked)));
        assertEquals(ExitCode.CERTIFICATE, ExitCodeMapper.exitCodeOf(new IssuanceException("CA expired")));
    }

    /** Issue 14: one code for permission denied, wherever it comes from; a port in use is unavailable, not I/O. */
    @Test
    void permissionDeniedIs77EverywhereAndAPortInUseIs69() {
        assertEquals(ExitCode.PERMISSION_DENIED, ExitCodeMapper.exitCodeOf(
                new java.net.BindException("Permission denied")));
        assertEquals(ExitCode.UNAVAILABLE, ExitCodeMapper.exitCodeOf(
                new java.net.BindException("Address already in use")));
        assertEquals(ExitCode.UNAVAILABLE, ExitCodeMapper.exitCodeOf(
                new java.net.BindException("Cannot assign requested address")));
        assertEquals(ExitCode.PERMISSION_DENIED, ExitCodeMapper.exitCodeOf(new KeyLoadException(
                KeyLoadException.Reason.UNREADABLE, "no permission", new AccessDeniedException("/k.pem"))));
        assertEquals(ExitCode.IO_ERROR, ExitCodeMapper.exitCodeOf(new KeyLoadException(
                KeyLoadException.Reason.UNREADABLE, "bad disk", new IOException("Input/output error"))));
        assertEquals(ExitCode.PERMISSION_DENIED, ExitCodeMapper.exitCodeOf(
                new java.io.FileNotFoundException("/etc/shadow (Permission denied)")));
        assertEquals(ExitCode.PERMISSION_DENIED, ExitCodeMapper.exitCodeOf(
                new java.nio.file.FileSystemException("/x", null, "Operation not permitted")));
        assertEquals(ExitCode.PERMISSION_DENIED, ExitCodeMapper.exitCodeOf(
                new UncheckedIOException(new AccessDeniedException("/x"))));
    }

    @Test
    void aFailureCannotExitZero() {
        assertThrows(IllegalArgumentException.class, () -> new CommandFailedException(ExitCode.OK, "fine"));
    }

    @Test
    void docsListEveryCodeWithItsMeaning() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "exit-codes.md"));
        for (ExitCode code : ExitCode.values()) {
            String row = "| " + code.code() + " | `" + code.name() + "` | " + code.meaning() + " |";
            assertTrue(doc.contains(row), () -> "docs/exit-codes.md lacks the row\n" + row);
        }
    }
}
