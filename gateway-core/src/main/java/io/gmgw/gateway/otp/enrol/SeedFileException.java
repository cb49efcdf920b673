package io.gmgw.gateway.otp.enrol;

import java.util.List;

/**
 * A seed file was refused, with every problem found: the line, what is wrong and what to do. Nothing was imported.
 */
public final class SeedFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One bad record or line. */
    public record Problem(int line, String what, String todo) {
        @Override
        public String toString() {
            return (line > 0 ? "line " + line + ": " : "") + what + (todo == null ? "" : "; " + todo);
        }
    }

    private final transient List<Problem> problems;
    private final boolean undecryptable;

    SeedFileException(String file, List<Problem> problems, boolean undecryptable) {
        super(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + ", nothing imported:\n  " + String.join("\n  ", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
        this.undecryptable = undecryptable;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** True when every record was well-formed but a seed did not decrypt under the transport key. */
    public boolean undecryptable() {
        return undecryptable;
    }
}
