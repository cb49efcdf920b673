package io.gmgw.topology;

import java.util.List;

/** A finished command ({@link Namespace#run}): its command line, exit code, standard output and error apart. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** This result, or an {@link IllegalStateException} naming the command, exit code and output when it failed. */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new IllegalStateException(describe());
        }
        return this;
    }

    /** The command, its exit code and what it printed, for failure messages. */
    public String describe() {
        return String.join(" ", command) + " exited with " + exitCode
                + (stdout.isBlank() ? "" : "\n--- stdout ---\n" + stdout.strip())
                + (stderr.isBlank() ? "" : "\n--- stderr ---\n" + stderr.strip());
    }
}
