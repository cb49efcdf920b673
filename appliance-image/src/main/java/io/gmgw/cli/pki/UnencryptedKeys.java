package io.gmgw.cli.pki;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** The note on stderr when a command wrote private keys without a password. */
final class UnencryptedKeys {
    private UnencryptedKeys() {
    }

    /** {@code what} ends with "is" or "are": "the keys in DIR are". */
    static void note(CommandSpec spec, String what) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": note: " + what + " not encrypted: only the file mode 0600 protects "
                + "them. To encrypt new keys, give --password-file, --password-env or --password-prompt.");
        err.flush();
    }
}
