package io.gmgw.cli.demo;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates the demo directory, or keeps it when it is already there. */
final class DemoDirectoryStep implements DemoStep {
    @Override
    public String name() {
        return "directory";
    }

    @Override
    public String run(DemoContext context) {
        Path dir = context.directory();
        if (Files.isDirectory(dir)) {
            return dir + " already there, kept";
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CommandFailedException(ExitCode.CANT_CREATE, "cannot create the demo directory " + dir + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); choose another with --dir DIR", e);
        }
        return "created " + dir;
    }
}
