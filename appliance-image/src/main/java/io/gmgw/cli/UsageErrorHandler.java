package io.gmgw.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Usage errors (unknown command or option, missing or bad argument): one line saying what is wrong, picocli's
 * suggestions when the word looks like a typo, a pointer to {@code --help}, and {@link ExitCode#USAGE}.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        err.println(name + ": " + failure.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(failure, err);
        err.println("Try '" + name + " --help' for usage.");
        err.flush();
        return ExitCode.USAGE.code();
    }
}
