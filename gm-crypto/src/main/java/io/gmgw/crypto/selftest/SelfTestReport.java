package io.gmgw.crypto.selftest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The outcome of one run of the self-test suite, in order of execution. */
public record SelfTestReport(Instant started, List<Result> results) {

    public SelfTestReport {
        results = List.copyOf(results);
    }

    /** One test's outcome; {@code detail} is null when it passed. */
    public record Result(String name, String description, boolean passed, String detail, Duration elapsed) {
    }

    public boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(Result::passed);
    }

    /** The first failure, or null when every test passed. */
    public Result firstFailure() {
        return results.stream().filter(r -> !r.passed()).findFirst().orElse(null);
    }
}
