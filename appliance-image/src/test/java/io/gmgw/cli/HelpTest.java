package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.TestModules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class HelpTest {

    /** Every command path in the tree ("", "version", "selftest", ...), found by walking it. */
    static Stream<String> commandPaths() {
        Launcher launcher = new Launcher(() -> TestModules.deterministic("help"), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        List<String> paths = new ArrayList<>();
        collect(launcher.commandLine(), "", paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, String path, List<String> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                collect(sub, (path + " " + name).strip(), paths);
            }
        });
    }

    @ParameterizedTest(name = "gmgw {0} --help")
    @MethodSource("commandPaths")
    void helpOfEveryCommandListsEveryExitCodeAndStartsNoModule(String path) {
        List<String> args = new ArrayList<>(path.isEmpty() ? List.of() : List.of(path.split(" ")));
        args.add("--help");
        GmgwRun run = GmgwRun.run(args.toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Exit codes:"), run::toString);
        for (ExitCode code : ExitCode.values()) {
            String start = code.meaning().substring(0, Math.min(20, code.meaning().length()));
            String row = "%3d   %s".formatted(code.code(), start);
            assertTrue(run.out().contains(row), () -> "missing '" + row + "' in\n" + run);
        }
        assertEquals(0, run.modulesStarted(), "help must not run the self-tests");
    }

    @ParameterizedTest(name = "gmgw help {0}")
    @MethodSource("commandPaths")
    void helpCommandShowsTheSameHelp(String path) {
        List<String> args = new ArrayList<>(List.of("help"));
        if (!path.isEmpty()) {
            args.addAll(List.of(path.split(" ")));
        }
        GmgwRun run = GmgwRun.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Usage: gmgw"), run::toString);
        assertTrue(run.out().contains(" 80   "), run::toString);
    }

    @org.junit.jupiter.api.Test
    void theTreeHasTheCommandsOfThisIssue() {
        List<String> paths = commandPaths().toList();
        assertTrue(paths.containsAll(List.of("", "help", "version", "selftest", "demo")), paths::toString);
        assertFalse(paths.contains("bogus"));
    }
}
