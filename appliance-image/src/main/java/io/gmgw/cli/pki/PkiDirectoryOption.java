package io.gmgw.cli.pki;

import io.gmgw.crypto.ca.PkiFolder;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dir DIR}: the PKI folder a command works in, default {@code ./pki}. */
public final class PkiDirectoryOption {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = PkiFolder.DEFAULT_DIRECTORY,
            description = "The PKI folder (default: ./${DEFAULT-VALUE}); see 'gmgw pki --help' for its layout.")
    private Path dir;

    PkiFolder folder() {
        return new PkiFolder(dir);
    }
}
