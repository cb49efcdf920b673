package io.gmgw.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of a command that only groups subcommands ({@code gmgw}, {@code gmgw pki}, ...): run without one, it prints
 * its usage to the error writer and fails with {@link ExitCode#USAGE}.
 */
public abstract class CommandGroup implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: name one of the commands above");
    }
}
