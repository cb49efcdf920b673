package io.gmgw.cli;

import io.gmgw.crypto.BadCiphertextException;
import io.gmgw.crypto.CryptoModuleErrorException;
import io.gmgw.crypto.InvalidKeyMaterialException;
import io.gmgw.crypto.MalformedEncodingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import picocli.CommandLine;

/** The one place where an exception becomes an exit code. Anything not listed is a bug: {@link ExitCode#SOFTWARE}. */
final class ExitCodeMapper implements CommandLine.IExitCodeExceptionMapper {

    @Override
    public int getExitCode(Throwable exception) {
        return exitCodeOf(exception).code();
    }

    static ExitCode exitCodeOf(Throwable exception) {
        return switch (exception) {
            case CommandFailedException e -> e.exitCode();
            case CommandLine.ParameterException e -> ExitCode.USAGE;
            case CryptoModuleErrorException e -> ExitCode.SELF_TEST_FAILED;
            case MalformedEncodingException e -> ExitCode.MALFORMED_INPUT;
            case BadCiphertextException e -> ExitCode.DATA_ERROR;
            case InvalidKeyMaterialException e -> ExitCode.DATA_ERROR;
            case AccessDeniedException e -> ExitCode.PERMISSION_DENIED;
            case IOException e -> ExitCode.IO_ERROR;
            case UncheckedIOException e -> exitCodeOf(e.getCause());
            default -> ExitCode.SOFTWARE;
        };
    }

}
