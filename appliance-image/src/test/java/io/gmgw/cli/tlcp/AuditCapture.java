package io.gmgw.cli.tlcp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The lines written to the {@code audit} logger while it is open (the test configuration otherwise keeps that logger
 * at ERROR), and a way to wait for one: tests wait on the event, never on a clock.
 */
final class AuditCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("audit");
    private final Level previous;
    private final List<String> lines = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(List<String> fragments, CompletableFuture<String> line) {
        boolean matches(String l) {
            return fragments.stream().allMatch(l::contains);
        }
    }

    AuditCapture() {
        previous = logger.getLevel();
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
        logger.setLevel(Level.INFO);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        String line = event.getFormattedMessage();
        lines.add(line);
        waiters.removeIf(w -> w.matches(line) && w.line().complete(line));
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * The first record from now on of audit event {@code event} on {@code object} (the JSON line); fails the test
     * after {@code seconds}.
     */
    String awaitNext(String event, String object, int seconds) throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        synchronized (this) {
            waiters.add(new Waiter(List.of("\"event\":\"" + event + "\"", "\"object\":\"" + object + "\""), f));
        }
        return f.get(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(previous);
        stop();
    }
}
