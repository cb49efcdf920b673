package io.gmgw.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gmgw sslvpn run} as its own process in the topology's gateway namespace, and what a test asks of it: its
 * control socket ({@code gmgw sessions list --json}, {@code gmgw status --json}) and its audit log and log file,
 * waited on line by line ({@link FileLines}), never by sleeping. It runs with gmgw's own logging configuration
 * ({@code conf/logback.xml}, built into the launcher), so {@code gmgw.log} and {@code audit.log} are in {@link #logs()}.
 */
final class GmgwGateway implements AutoCloseable {
    static final Duration UP = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NamespaceProcess process;
    private final Path logs;
    private final Path socket;

    private GmgwGateway(NamespaceProcess process, Path logs, Path socket) {
        this.process = process;
        this.logs = logs;
        this.socket = socket;
    }

    /** Starts the gateway from {@code config} in {@code topology}'s gateway namespace and waits for {@code ready}. */
    static GmgwGateway start(NamespaceTopology topology, Path config, Path socket, Path logs)
            throws IOException, InterruptedException {
        NamespaceProcess p = topology.gateway().start("gmgw-gateway", command("sslvpn", "run", "--config",
                config.toString()), Map.of("GMGW_LOG_DIR", logs.toString()), topology.workDir());
        GmgwGateway gateway = new GmgwGateway(p, logs, socket);
        try {
            p.awaitLine(Pattern.compile("^ready$"), UP);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n--- gmgw.log ---\n" + FileLines.tail(gateway.log()), e);
        }
        return gateway;
    }

    /** {@code gmgw ARGS} as a process, with gmgw's production logging (gmgw.log in {@code GMGW_LOG_DIR}). */
    static List<String> command(String... args) {
        List<String> c = new ArrayList<>(GmgwClientTunTest.gmgw());
        // appliance-image's logback.xml (conf/logback.xml) instead of the test class path's logback-test.xml
        c.add(c.indexOf("-cp"), "-Dlogback.configurationFile=logback.xml");
        c.addAll(List.of(args));
        return c;
    }

    NamespaceProcess process() {
        return process;
    }

    Path logs() {
        return logs;
    }

    Path auditLog() {
        return logs.resolve("audit.log");
    }

    Path log() {
        return logs.resolve("gmgw.log");
    }

    /** The sessions {@code gmgw sessions list --json} shows now. */
    List<JsonNode> sessions() {
        JsonNode r = control("sessions", "list");
        List<JsonNode> sessions = new ArrayList<>();
        r.get("sessions").forEach(sessions::add);
        return sessions;
    }

    /** IPv4 addresses handed out now, over all pools ({@code gmgw status --json}). */
    int addressesInUse() {
        int used = 0;
        for (JsonNode pool : control("status").get("pools")) {
            if (pool.get("family").asString().equals("ipv4")) {
                used += pool.get("used").asInt();
            }
        }
        return used;
    }

    private JsonNode control(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--json", "--socket", socket.toString()));
        return JSON.readTree(GmgwSite.gmgw(args.toArray(String[]::new)));
    }

    /** The first audit record that {@code wanted} accepts, once the gateway has written it. */
    JsonNode awaitAudit(Predicate<JsonNode> wanted, String what, Duration timeout)
            throws IOException, InterruptedException {
        try {
            return JSON.readTree(FileLines.await(auditLog(), l -> wanted.test(parse(l)), what, timeout));
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n--- gateway ---\n" + process.transcript()
                    + "\n--- gmgw.log ---\n" + FileLines.tail(log()), e);
        }
    }

    /** The first line of gmgw.log that contains {@code text}, once the gateway has logged it. */
    String awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        try {
            return FileLines.await(log(), l -> l.contains(text), "line with '" + text + "'", timeout);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n--- gateway ---\n" + process.transcript(), e);
        }
    }

    /** Every audit record so far. */
    List<JsonNode> auditRecords() throws IOException {
        return FileLines.lines(auditLog()).stream().map(GmgwGateway::parse).toList();
    }

    static boolean is(JsonNode record, String event, String outcome) {
        return record.path("event").asString("").equals(event) && record.path("outcome").asString("").equals(outcome);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JacksonException e) {
            return JSON.createObjectNode(); // a line being written: read again at the next change
        }
    }

    /** SIGTERM: the graceful stop; it must exit 0. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        assertTrue(ProcessHandle.of(process.pid()).orElseThrow().destroy(), "SIGTERM to the gateway");
        try {
            assertEquals(0, process.awaitExit(Duration.ofSeconds(20)), process.transcript());
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        assertTrue(Files.exists(auditLog()), "the gateway wrote its audit log");
    }
}
