package io.gmgw.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw help [COMMAND...]}: the help of any command, subcommands included ({@code gmgw help pki issue}), and the
 * help topic {@code exit-codes}, every exit code with its meaning from {@link ExitCode} (each command's own help lists
 * only its codes and points here). Needs no cryptography.
 */
@ExitCodes(ExitCode.USAGE)
@Command(name = "help", mixinStandardHelpOptions = true, description = "Show the help of a command (gmgw help pki issue), or of a topic: "
        + "'gmgw help exit-codes' lists every exit code.")
final class HelpCommand implements Callable<Integer> {
    static final String EXIT_CODES = "exit-codes";

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "A command and its subcommands (pki issue), or the topic exit-codes.")
    private List<String> path = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (path.equals(List.of(EXIT_CODES))) {
            out.println("Exit codes of every gmgw command (docs/exit-codes.md says more):");
            out.print(spec.commandLine().getHelp().createTextTable(ExitCode.helpList()));
            out.println("Any code but 0 comes with one line on stderr: what went wrong, what to do next.");
            out.flush();
            return ExitCode.OK.code();
        }
        CommandLine target = spec.commandLine().getParent();
        for (String name : path) {
            target = target.getSubcommands().get(name);
            if (target == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no command 'gmgw " + String.join(" ",
                        path) + "' and no such help topic; 'gmgw --help' lists the commands, 'gmgw help "
                        + EXIT_CODES + "' the exit codes");
            }
        }
        target.usage(out);
        out.flush();
        return ExitCode.OK.code();
    }
}
