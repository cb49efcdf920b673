package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/logback.xml, the file operators edit, loads cleanly and has what the launcher and ops rely on. */
class LogbackConfigTest {
    private static final Path CONF = Path.of("..", "conf", "logback.xml");
    private static final List<String> SUBSYSTEMS =
            List.of("crypto", "audit", "pki", "tlcp", "cstp", "ike", "esp", "pkcs11", "acl", "cfg", "control",
                    "cli");

    @TempDir
    Path logDir;

    @Test
    void loadsWithoutWarningsWithALoggerPerSubsystemAndARotatingLogFile() throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty("gmgw.log.dir", logDir.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(CONF.toFile());
            List<String> problems = context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getLevel() >= Status.WARN).map(Status::getMessage).toList();
            assertEquals(List.of(), problems);

            for (String name : SUBSYSTEMS) {
                assertNotNull(context.exists(name), "no logger for subsystem " + name);
                assertNotNull(context.exists(name).getLevel(), name + " has no level of its own");
            }
            // audit.log is the hash-chained audit log gmgw writes itself: Logback must never write into it.
            assertEquals(List.of(), files(context.getLogger("audit")));
            assertTrue(context.getLogger("audit").isAdditive(), "audit events reach the console and gmgw.log");
            Logger failures = context.getLogger(FailureReporter.FAILURE_LOGGER);
            assertFalse(failures.isAdditive(), "failures must not reach the console");
            assertEquals(List.of(logDir.resolve("gmgw.log").toString()), files(failures));
            assertTrue(failures.iteratorForAppenders().next() instanceof RollingFileAppender<ILoggingEvent>,
                    "gmgw.log rotates");
            assertFalse(Files.exists(logDir.resolve("audit.log")));
        } finally {
            context.stop();
        }
    }

    @Test
    void theConsoleGetsWarningsAndErrorsAndEverythingOnlyWithVerboseWhileTheFilesGetEverything() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("gmgw.log.dir", logDir.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        PrintStream original = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try {
            configurator.doConfigure(CONF.toFile());
            System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
            Logger crypto = context.getLogger("crypto");
            crypto.info("self-tests passed: 11 tests in 300 ms");
            context.getLogger("audit").info("event=crypto-selftest result=pass tests=11");
            crypto.warn("a warning");
            context.getLogger("audit").error("event=crypto-module-error");
            LogLevels verbose = new LogLevels(() -> context);
            verbose.raise(1);
            crypto.info("with -v: info");
            crypto.debug("with -v: debug");
            crypto.trace("with -v: no trace");
            verbose.restore();
            crypto.info("after -v: info");
            crypto.debug("after -v: no debug");
        } finally {
            System.setErr(original);
            context.stop();
        }
        assertEquals(List.of("WARN  [crypto] a warning", "ERROR [audit] event=crypto-module-error",
                "INFO  [crypto] with -v: info", "DEBUG [crypto] with -v: debug"),
                console.toString(StandardCharsets.UTF_8).lines().toList());
        String file = Files.readString(logDir.resolve("gmgw.log"));
        for (String line : List.of("INFO  [main] crypto - self-tests passed", "INFO  [main] audit - event=crypto-selftest",
                "WARN  [main] crypto - a warning", "INFO  [main] crypto - with -v: info",
                "DEBUG [main] crypto - with -v: debug", "INFO  [main] crypto - after -v: info")) {
            assertTrue(file.contains(line), () -> "gmgw.log lacks '" + line + "':\n" + file);
        }
        assertFalse(file.contains("no debug"), file);
        assertFalse(Files.exists(logDir.resolve("audit.log")), "the chained audit log is gmgw's, never Logback's");
    }

    @Test
    void theJarCarriesTheSameFileAsItsFallback() throws IOException {
        try (InputStream builtIn = Gmgw.class.getResourceAsStream("/logback.xml")) {
            assertNotNull(builtIn, "logback.xml missing from the jar's resources");
            assertEquals(Files.readString(CONF), new String(builtIn.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static List<String> files(Logger logger) {
        List<String> files = new ArrayList<>();
        for (var it = logger.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof FileAppender<ILoggingEvent> file) {
                files.add(file.getFile());
            }
        }
        return files;
    }
}
