package io.gmgw.cli;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.selftest.SelfTestReport;
import java.util.ArrayList;
import java.util.List;

/** A self-test run as {@code gmgw selftest} shows it, in text or JSON: the module's verdict and one entry per test. */
record SelfTestView(String state, boolean passed, String reason, String started, List<Test> tests) {

    /** One test; {@code detail} says what did not match when it failed, and is null when it passed. */
    record Test(String name, String description, boolean passed, String detail, long elapsedMicros) {
    }

    static SelfTestView of(CryptoModule module) {
        CryptoModule.Status status = module.status();
        SelfTestReport report = module.lastSelfTestReport();
        List<Test> tests = report == null ? List.of() : report.results().stream()
                .map(r -> new Test(r.name(), r.description(), r.passed(), r.detail(), r.elapsed().toNanos() / 1000))
                .toList();
        return new SelfTestView(status.state().name(), report != null && report.passed(), status.reason(),
                report == null ? null : report.started().toString(), tests);
    }

    /** The text form: a line per test (verdict, name, elapsed time, what it checks), then the module's state. */
    List<String> lines() {
        int width = Math.max(1, tests.stream().mapToInt(t -> t.name().length()).max().orElse(1));
        String row = "  %s  %-" + width + "s  %9.3f ms  %s";
        List<String> lines = new ArrayList<>();
        lines.add("Power-on self-tests of the cryptographic module:");
        for (Test t : tests) {
            lines.add(row.formatted(t.passed() ? "PASS" : "FAIL", t.name(), t.elapsedMicros() / 1000.0,
                    t.description()));
            if (t.detail() != null) {
                lines.add("        " + t.detail());
            }
        }
        long ok = tests.stream().filter(Test::passed).count();
        lines.add("Module state: " + state + " (" + ok + " of " + tests.size() + " tests passed"
                + (reason == null ? ")" : "; " + reason + ")"));
        return lines;
    }
}
