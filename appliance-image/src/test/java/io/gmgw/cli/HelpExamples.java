package io.gmgw.cli;

import io.gmgw.crypto.TestModules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The examples of every command's help, read from the help as it is printed (at most 79 columns): the lines after
 * "Example:" or "Examples:", each example starting two spaces in, continued on lines six spaces in after a line that
 * ends with a backslash, exactly as an operator copies it into a shell.
 */
final class HelpExamples {
    static final int WIDTH = 80;

    /** One example: the command whose help shows it, and its text as printed (continuation lines included). */
    record Example(String command, String text) {
        /** The example on one line (each backslash-newline and the indentation after it become one space). */
        String oneLine() {
            return text.replaceAll("\\s*\\\\\\n\\s+", " ").strip();
        }
    }

    private HelpExamples() {
    }

    /** Every example in the tree, in tree order; a help whose example lines are malformed is an assertion error. */
    static List<Example> all() {
        Launcher launcher = new Launcher(() -> TestModules.deterministic("examples"),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<Example> all = new ArrayList<>();
        collect(launcher.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine command, List<Example> all) {
        String name = command.getCommandSpec().qualifiedName();
        all.addAll(parse(name, command.getUsageMessage()));
        command.getSubcommands().forEach((alias, sub) -> {
            if (alias.equals(sub.getCommandName())) {
                collect(sub, all);
            }
        });
    }

    static List<Example> parse(String command, String help) {
        List<Example> examples = new ArrayList<>();
        List<String> lines = help.lines().toList();
        int start = Math.max(lines.indexOf("Examples:"), lines.indexOf("Example:"));
        if (start < 0) {
            return examples;
        }
        StringBuilder current = null;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.length() >= WIDTH) {
                throw new AssertionError(command + ": example line of " + line.length() + " columns, more than the "
                        + (WIDTH - 1) + " that never wrap: " + line);
            }
            boolean continues = current != null && current.toString().endsWith("\\");
            if (continues) {
                if (!line.startsWith("      ") || line.isBlank()) {
                    throw new AssertionError(command + ": continuation line not indented by six spaces: '" + line
                            + "'");
                }
                current.append('\n').append(line);
            } else if (line.startsWith("  ") && !line.startsWith("   ")) {
                if (current != null) {
                    examples.add(new Example(command, current.toString()));
                }
                current = new StringBuilder(line.substring(2));
            } else if (line.isBlank()) {
                break;
            } else {
                throw new AssertionError(command + ": a line of the examples is neither an example (two spaces in) "
                        + "nor the continuation of one (after a trailing backslash): the help renderer probably "
                        + "wrapped a long line: '" + line + "'");
            }
        }
        if (current != null) {
            if (current.toString().endsWith("\\")) {
                throw new AssertionError(command + ": the last example ends with a backslash: " + current);
            }
            examples.add(new Example(command, current.toString()));
        }
        return examples;
    }
}
