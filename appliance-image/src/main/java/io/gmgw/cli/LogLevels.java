package io.gmgw.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * What {@code --verbose} does to logging, for one run: lowers the root and every configured logger to DEBUG
 * ({@code -v}) or TRACE ({@code -vv}), and stops the {@link ThresholdFilter}s of console appenders (conf/logback.xml
 * keeps routine INFO lines off the terminal with one), then puts both back. Loggers set to OFF stay off. A no-op when
 * SLF4J is not bound to Logback.
 */
final class LogLevels {
    private final Supplier<ILoggerFactory> factory;
    private final Map<Logger, Level> configured = new LinkedHashMap<>();
    private final List<Filter<ILoggingEvent>> stopped = new ArrayList<>();

    LogLevels() {
        this(LoggerFactory::getILoggerFactory);
    }

    /** With the logging context to change (tests load their own). */
    LogLevels(Supplier<ILoggerFactory> factory) {
        this.factory = factory;
    }

    void raise(int verbosity) {
        if (verbosity <= 0 || !(factory.get() instanceof LoggerContext context)) {
            return;
        }
        Level target = verbosity == 1 ? Level.DEBUG : Level.TRACE;
        for (Logger logger : context.getLoggerList()) {
            Level level = logger.getLevel();
            if (level != null && level != Level.OFF && level.toInt() > target.toInt()) {
                configured.put(logger, level);
                logger.setLevel(target);
            }
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                    for (Filter<ILoggingEvent> filter : console.getCopyOfAttachedFiltersList()) {
                        // a stopped ThresholdFilter lets every event through
                        if (filter instanceof ThresholdFilter && filter.isStarted()) {
                            filter.stop();
                            stopped.add(filter);
                        }
                    }
                }
            }
        }
    }

    void restore() {
        configured.forEach(Logger::setLevel);
        configured.clear();
        stopped.forEach(Filter::start);
        stopped.clear();
    }
}
