package io.gmgw.cli.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.gateway.control.ControlClientException;
import io.gmgw.gateway.control.ControlErrorCode;
import io.gmgw.gateway.control.ControlException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way a conversation with the gateway fails has its documented exit code; tables and numbers for people. */
class GatewayConnectionTest {
    @Test
    void everyErrorCodeOfTheGatewayHasAnExitCode() {
        Map<ControlErrorCode, ExitCode> expected = Map.ofEntries(
                Map.entry(ControlErrorCode.NO_SUCH_SESSION, ExitCode.NOT_FOUND),
                Map.entry(ControlErrorCode.NO_SUCH_USER, ExitCode.NOT_FOUND),
                Map.entry(ControlErrorCode.BAD_ARGUMENT, ExitCode.USAGE),
                Map.entry(ControlErrorCode.NOT_PERMITTED, ExitCode.PERMISSION_DENIED),
                Map.entry(ControlErrorCode.AUDIT_UNAVAILABLE, ExitCode.AUDIT_UNAVAILABLE),
                Map.entry(ControlErrorCode.INTERNAL, ExitCode.SOFTWARE),
                Map.entry(ControlErrorCode.BAD_REQUEST, ExitCode.UNAVAILABLE),
                Map.entry(ControlErrorCode.REQUEST_TOO_LARGE, ExitCode.UNAVAILABLE),
                Map.entry(ControlErrorCode.VERSION_UNSUPPORTED, ExitCode.UNAVAILABLE),
                Map.entry(ControlErrorCode.UNKNOWN_REQUEST, ExitCode.UNAVAILABLE),
                Map.entry(ControlErrorCode.BUSY, ExitCode.UNAVAILABLE));
        assertEquals(ControlErrorCode.values().length, expected.size(), "a new error code needs an exit code");
        expected.forEach((code, exit) -> assertEquals(exit, GatewayConnection.exitCode(code), code.name()));
        assertEquals(ExitCode.UNAVAILABLE, GatewayConnection.exitCode(null), "a code of a newer gateway");
    }

    @Test
    void theClientsFailuresMapByKind() {
        Map<ControlClientException.Kind, ExitCode> expected = Map.of(
                ControlClientException.Kind.NOT_RUNNING, ExitCode.UNAVAILABLE,
                ControlClientException.Kind.PERMISSION_DENIED, ExitCode.PERMISSION_DENIED,
                ControlClientException.Kind.PROTOCOL, ExitCode.UNAVAILABLE,
                ControlClientException.Kind.TIMEOUT, ExitCode.UNAVAILABLE);
        assertEquals(ControlClientException.Kind.values().length, expected.size());
        expected.forEach((kind, exit) -> {
            CommandFailedException e = assertThrows(CommandFailedException.class, () -> GatewayConnection.translated(
                    () -> {
                        throw new ControlClientException(kind, Path.of("/x"), "what happened", null);
                    }));
            assertEquals(exit, e.exitCode(), kind.name());
            assertEquals("what happened", e.getMessage());
        });
    }

    @Test
    void aRefusalKeepsTheGatewaysMessage() {
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> GatewayConnection.translated(
                () -> {
                    throw new ControlException(ControlErrorCode.UNKNOWN_REQUEST, "no request type 'x' here");
                }));
        assertEquals("no request type 'x' here (this gateway is older than this gmgw)", e.getMessage());
    }

    @Test
    void tablesAlignTheirColumnsAndMarkEmptyCells() {
        StringWriter s = new StringWriter();
        new TextTable("A", "LONGER", "C").row("wide cell", null, "x").row("b", "2", "").print(new PrintWriter(s),
                "  ");
        assertEquals("""
                  A          LONGER  C
                  wide cell  -       x
                  b          2       -
                """, s.toString());
    }

    @Test
    void numbersForPeople() {
        assertEquals("0s", Formats.duration(Duration.ZERO));
        assertEquals("12m05s", Formats.duration(Duration.ofSeconds(725)));
        assertEquals("3h05m", Formats.duration(Duration.ofMinutes(185)));
        assertEquals("2d04h", Formats.duration(Duration.ofHours(52)));
        assertEquals("1023B", Formats.bytes(1023));
        assertEquals("1.5KiB", Formats.bytes(1536));
        assertEquals("2.2GiB", Formats.bytes(2_345_678_901L));
    }
}
