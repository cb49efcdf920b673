package io.gmgw.cli.audit;

import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.log.ChainRecord;
import io.gmgw.audit.AuditEvent;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw audit show}: the events of the audit log, newest last, filtered. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print the audit log's events, oldest first: sequence number, time, severity, event, outcome, "
                + "subject, object and reason (--json: each event's full record, with its actor, correlation ids "
                + "and details).",
                "Only records up to the first break are shown; run 'gmgw audit verify' to check the log."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw audit show --last 20",
                "  gmgw audit show --event token. --failures --json"})
final class AuditShowCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private AuditLogOption log;

    @Option(names = "--last", paramLabel = "N", description = "Only the last N matching events.")
    private Integer last;

    @Option(names = "--event", paramLabel = "NAME", description = "Only events whose name is NAME or starts with it "
            + "(ca., token.login, tlcp.handshake, ...).")
    private String event;

    @Option(names = "--failures", description = "Only events that record a failure.")
    private boolean failures;

    @Mixin
    private JsonOption json;

    AuditShowCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /** One event with its place in the log. */
    record Shown(long seq, AuditEvent event) {
    }

    @Override
    public Integer call() throws IOException {
        if (last != null && last < 1) {
            throw new CommandFailedException(ExitCode.USAGE, "--last takes a positive number of events");
        }
        Path file = log.file(bootstrap);
        CryptoModule module = bootstrap.approvedModule();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no audit log there");
        }
        AuditChain chain = AuditChain.read(module, file);
        List<Shown> shown = new ArrayList<>();
        for (ChainRecord r : chain.records()) {
            if (r instanceof ChainRecord.Event e && matches(e.event())) {
                shown.add(new Shown(e.seq(), e.event()));
            }
        }
        if (last != null && shown.size() > last) {
            shown = shown.subList(shown.size() - last, shown.size());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            json.print(out, shown.stream().map(s -> Map.of("seq", s.seq(), "record", s.event())).toList());
        } else {
            for (Shown s : shown) {
                AuditEvent e = s.event();
                out.printf("%6d %s %-8s %-20s %-7s %s%s%s%n", s.seq(), e.time(), e.severity().id(), e.event(),
                        e.outcome().id(), e.subject() == null ? "" : "subject=" + quote(e.subject()) + " ",
                        e.object() == null ? "" : "object=" + quote(e.object()) + " ",
                        e.reason() == null ? "" : "reason=" + quote(e.reason()));
            }
            chain.problem().ifPresent(p -> out.println("(the log breaks at record " + p.seq() + ": " + p.message()
                    + "; nothing after it is shown)"));
            out.flush();
        }
        return ExitCode.OK.code();
    }

    private boolean matches(AuditEvent e) {
        if (failures && e.outcome() != io.gmgw.audit.Outcome.FAILURE) {
            return false;
        }
        return event == null || e.event().startsWith(event.toLowerCase(Locale.ROOT));
    }

    /** A field on one line: control characters escaped, so a hostile subject cannot forge lines. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
