package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.TestModules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class HelpTest {
    private static final String SUBCOMMAND_HEADING = "Exit codes (every code: 'gmgw help exit-codes'):";
    private static final Pattern EXIT_CODE_ROW = Pattern.compile("(?m)^ {2,4}(\\d{1,3}) {3}\\S");

    /** Every command path in the tree ("", "version", "selftest", ...), found by walking it. */
    static Stream<String> commandPaths() {
        return commands().stream().map(c -> c.getCommandSpec().qualifiedName(" ").replaceFirst("^gmgw ?", ""));
    }

    static Stream<String> subcommandPaths() {
        return commandPaths().filter(p -> !p.isEmpty());
    }

    /** Every command of the tree, each once (aliases skipped). */
    static List<CommandLine> commands() {
        Launcher launcher = new Launcher(() -> TestModules.deterministic("help"), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        List<CommandLine> all = new ArrayList<>();
        collect(launcher.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                collect(sub, all);
            }
        });
    }

    private static String[] args(String path, String... more) {
        List<String> args = new ArrayList<>(path.isEmpty() ? List.of() : List.of(path.split(" ")));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The codes listed in the help's exit-code section. */
    private static Set<Integer> listedCodes(String help, String heading) {
        int start = help.indexOf(heading);
        assertTrue(start >= 0, "no '" + heading + "' in\n" + help);
        String section = help.substring(start + heading.length());
        int end = section.indexOf("\n\n");
        Matcher rows = EXIT_CODE_ROW.matcher(end < 0 ? section : section.substring(0, end));
        Set<Integer> codes = new java.util.TreeSet<>();
        while (rows.find()) {
            codes.add(Integer.parseInt(rows.group(1)));
        }
        return codes;
    }

    @Test
    void theRootHelpListsEveryExitCode() {
        GmgwRun run = GmgwRun.run("--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(Arrays.stream(ExitCode.values()).map(ExitCode::code).collect(Collectors.toSet()),
                listedCodes(run.out(), "Exit codes (also 'gmgw help exit-codes'):"));
        for (ExitCode code : ExitCode.values()) {
            String start = code.meaning().substring(0, Math.min(20, code.meaning().length()));
            assertTrue(run.out().contains("%3d   %s".formatted(code.code(), start)), run::toString);
        }
        assertEquals(0, run.modulesStarted(), "help must not run the self-tests");
    }

    @ParameterizedTest(name = "gmgw {0} --help")
    @MethodSource("subcommandPaths")
    void aSubcommandsHelpListsItsOwnExitCodesAndPointsToTheTopic(String path) {
        GmgwRun run = GmgwRun.run(args(path, "--help"));

        assertEquals(0, run.exitCode(), run::toString);
        Set<ExitCode> expected = EnumSet.of(ExitCode.OK);
        CommandLine command = commands().stream()
                .filter(c -> c.getCommandSpec().qualifiedName(" ").equals(("gmgw " + path))).findFirst().orElseThrow();
        ExitCodes declared = command.getCommandSpec().userObject().getClass().getAnnotation(ExitCodes.class);
        if (declared != null) {
            expected.addAll(List.of(declared.value()));
        }
        assertEquals(expected.stream().map(ExitCode::code).collect(Collectors.toSet()),
                listedCodes(run.out(), SUBCOMMAND_HEADING), run::toString);
        assertTrue(expected.size() < ExitCode.values().length, "the full table belongs to 'gmgw help exit-codes'");
        assertEquals(0, run.modulesStarted(), "help must not run the self-tests");
    }

    @Test
    void theExitCodesTopicListsEveryCodeFromTheEnum() {
        GmgwRun run = GmgwRun.run("help", "exit-codes");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(Arrays.stream(ExitCode.values()).map(ExitCode::code).collect(Collectors.toSet()),
                listedCodes(run.out(), "Exit codes of every gmgw command (docs/exit-codes.md says more):"));
        assertTrue(run.out().contains(" 80   cryptographic module self-test failed"), run::toString);
        assertEquals(0, run.modulesStarted());
        assertTrue(run.out().lines().allMatch(l -> l.length() <= 80), run::toString);
    }

    @ParameterizedTest(name = "gmgw help {0}")
    @MethodSource("commandPaths")
    void helpCommandShowsTheSameHelp(String path) {
        GmgwRun help = GmgwRun.run(args("help " + path));
        GmgwRun option = GmgwRun.run(args(path, "--help"));

        assertEquals(0, help.exitCode(), help::toString);
        assertEquals(option.out(), help.out());
    }

    @Test
    void helpOnANameThatIsNeitherACommandNorATopicIsAUsageError() {
        GmgwRun run = GmgwRun.run("help", "pki", "bogus");

        assertEquals(64, run.exitCode(), run::toString);
        assertTrue(run.err().contains("no command 'gmgw pki bogus' and no such help topic"), run::toString);
    }

    @Test
    void onlyTheRootOffersTheVersionOption() {
        assertEquals(GmgwRun.run("version").out(), GmgwRun.run("-V").out());
        assertTrue(GmgwRun.run("--help").out().contains("-V, --version"));
        for (CommandLine command : commands().subList(1, commands().size())) {
            assertEquals(null, command.getCommandSpec().findOption("--version"), command.getCommandName());
            assertEquals(null, command.getCommandSpec().findOption("-V"), command.getCommandName());
        }
        subcommandPaths().forEach(path -> {
            for (String option : List.of("-V", "--version")) {
                // a usage error: unknown option, or (picocli reports it first) a required option missing
                GmgwRun run = GmgwRun.run(args(path, option));
                assertEquals(64, run.exitCode(), run::toString);
                assertTrue(run.err().contains("Unknown option: '" + option + "'")
                        || run.err().contains("Missing required"), run::toString);
                assertEquals("", run.out(), run::toString);
            }
            String help = GmgwRun.run(args(path, "--help")).out();
            assertFalse(help.contains("--version"), help);
            assertTrue(help.contains("-h, --help"), help);
        });
    }

    @Test
    void theTreeHasTheCommandsOfThisIssue() {
        List<String> paths = commandPaths().toList();
        assertTrue(paths.containsAll(List.of("", "help", "version", "selftest", "demo")), paths::toString);
        assertFalse(paths.contains("bogus"));
    }
}
