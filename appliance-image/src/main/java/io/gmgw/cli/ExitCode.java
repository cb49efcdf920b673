package io.gmgw.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every exit code of gmgw, in one table: the commands, the help texts ({@link #helpList()}) and
 * {@code docs/exit-codes.md} all come from here. 1–4 are gmgw's own verdicts (scripts depend on them), 64–78 follow
 * BSD sysexits(3), and {@link #SELF_TEST_FAILED} sits outside both ranges and below the shells' 126+.
 */
public enum ExitCode {
    OK(0, "success", null),
    VERIFICATION_FAILED(1, "a verification or check failed (for example a bad signature)", null),
    CERTIFICATE(2, "certificate problem: chain, validity or revocation", "check the certificate chain, dates and CRL"),
    ROLLBACK(3, "rollback or audit-chain break detected", null),
    MALFORMED_INPUT(4, "malformed or unsupported input", "check that the input has the expected format"),
    USAGE(64, "usage error: unknown command or option, missing or bad argument", "see --help"),
    DATA_ERROR(65, "data error: well-formed input with wrong content (for example a ciphertext that does not decrypt)",
            "check that the input belongs to this key or peer"),
    /*
     * 67: sysexits' EX_NOUSER ("addressee unknown"), widened from a user to the session or user a command names at
     * the running gateway, so a script can tell "no such session" from "no gateway" (69).
     */
    NOT_FOUND(67, "no such session or user at the running gateway",
            "'gmgw sessions list' shows the sessions there are"),
    UNAVAILABLE(69, "a service, peer or address is unavailable (a port in use; ./gmgw: no JDK 25 found)",
            "check that it is running and reachable, or that the address and port are free"),
    SOFTWARE(70, "internal error, a bug in gmgw: the log has the details", null),
    CANT_CREATE(73, "cannot create an output file or directory", "check the path and its permissions"),
    IO_ERROR(74, "input/output error", "check the path, its permissions and the free space"),
    PERMISSION_DENIED(77, "permission denied: a file, a port below 1024, a wrong password or PIN",
            "check the file's permissions (or run with the privilege the port needs), or the password or PIN"),
    CONFIG(78, "configuration error", "fix the configuration at the place named"),
    /*
     * 80: not 1–4 (verdicts about the input), not sysexits 64–78 (none means "our own crypto is broken"), below
     * 126–255 (shell and signal codes), so a systemd unit can name it alone in RestartPreventExitStatus= and not
     * restart a module that failed its power-on self-tests in a loop.
     */
    SELF_TEST_FAILED(80, "cryptographic module self-test failed, or the module is in its error state",
            "the error state lasts until the process ends (GB/T 37092): run the command again, or restart the"
                    + " service; if the self-tests fail again, run 'gmgw selftest' for the full report and reinstall"
                    + " gmgw (its installation or the JVM is damaged)"),
    /*
     * 81: beside 80 and for the same reason: a gateway that cannot write its audit log must not be restarted in a loop
     * (RestartPreventExitStatus=81), and no sysexits code means "the audit trail is unavailable".
     */
    AUDIT_UNAVAILABLE(81, "the audit log cannot be written: commands that change security state refuse to run",
            "make the audit log writable (see the message), or point gmgw at another log folder with GMGW_LOG_DIR");

    private final int code;
    private final String meaning;
    private final String nextStep;

    ExitCode(int code, String meaning, String nextStep) {
        this.code = code;
        this.meaning = meaning;
        this.nextStep = nextStep;
    }

    public int code() {
        return code;
    }

    /** What the code means, one line (help texts and docs/exit-codes.md). */
    public String meaning() {
        return meaning;
    }

    /** What to do next, for messages about exceptions that do not say so themselves; null if nothing general fits. */
    public String nextStep() {
        return nextStep;
    }

    /** The table as picocli's exit-code help section wants it: right-aligned code, meaning. */
    public static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            list.put("%3d".formatted(c.code), c.meaning);
        }
        return list;
    }
}
