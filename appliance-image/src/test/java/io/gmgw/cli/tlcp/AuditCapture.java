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

    private record Waiter(String prefix, CompletableFuture<String> line) {
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
        waiters.removeIf(w -> line.startsWith(w.prefix()) && w.line().complete(line));
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The first line from now on that starts with {@code prefix}; fails the test after {@code seconds}. */
    String awaitNext(String prefix, int seconds) throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        synchronized (this) {
            waiters.add(new Waiter(prefix, f));
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
