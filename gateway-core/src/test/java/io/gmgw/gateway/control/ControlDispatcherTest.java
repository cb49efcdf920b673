package io.gmgw.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sans-I/O core: request lines in, reply lines out, without a socket. */
class ControlDispatcherTest {
    private static final ControlPeer PEER = new ControlPeer("ops", 1001, "ops");
    private final JsonMapper json = ControlProtocol.mapper();
    private final ControlDispatcher dispatcher = ControlDispatcher.builder("1.2.3")
            .register("echo", (request, peer) -> {
                request.allowOnly("text");
                return java.util.Map.of("text", request.text("text", 10), "peer", peer.user());
            })
            .register("boom", (request, peer) -> {
                throw new IllegalStateException("bug");
            })
            .build();

    private JsonNode reply(String line, boolean closes) {
        ControlDispatcher.Reply reply = dispatcher.dispatch(line.getBytes(StandardCharsets.UTF_8), PEER);
        assertEquals(closes, reply.close(), reply::line);
        assertFalse(reply.line().contains("\n"), "one line");
        return json.readTree(reply.line());
    }

    private void assertError(JsonNode reply, ControlErrorCode code) {
        assertEquals(ControlProtocol.VERSION, reply.get("version").intValue());
        assertFalse(reply.get("ok").booleanValue(), reply::toString);
        assertEquals(code.name(), reply.at("/error/code").asString(), reply::toString);
        assertFalse(reply.at("/error/message").asString().isBlank());
    }

    @Test
    void aRequestIsAnsweredWithItsResultAndItsIdEchoed() {
        JsonNode r = reply("{\"version\":1,\"id\":7,\"request\":\"echo\",\"args\":{\"text\":\"hi\"}}", false);
        assertTrue(r.get("ok").booleanValue());
        assertEquals(7, r.get("id").intValue());
        assertEquals("hi", r.at("/result/text").asString());
        assertEquals("ops", r.at("/result/peer").asString(), "the handler sees the kernel's peer");
    }

    @Test
    void helloNamesTheVersionsAndTheRequestTypes() {
        JsonNode r = reply("{\"version\":1,\"request\":\"hello\"}", false);
        assertEquals("1.2.3", r.at("/result/version").asString());
        assertEquals(1, r.at("/result/protocol/newest").intValue());
        assertEquals(List.of("boom", "echo", "hello"), json.convertValue(r.at("/result/requests"), List.class));
    }

    @Test
    void garbageClosesTheConnection() {
        assertError(reply("not json at all", true), ControlErrorCode.BAD_REQUEST);
        assertError(reply("[1,2]", true), ControlErrorCode.BAD_REQUEST);
        assertError(reply("{\"version\":1,\"request\":\"echo\"} {}", true), ControlErrorCode.BAD_REQUEST);
        assertError(reply("{\"request\":\"echo\"}", true), ControlErrorCode.BAD_REQUEST);
        assertError(reply("{\"version\":\"1\",\"request\":\"echo\"}", true), ControlErrorCode.BAD_REQUEST);
        assertError(reply("{\"version\":1}", true), ControlErrorCode.BAD_REQUEST);
        assertError(reply("{\"version\":1,\"request\":\"echo\",\"args\":[]}", true), ControlErrorCode.BAD_REQUEST);
        assertError(reply("{\"version\":1,\"request\":\"echo\",\"extra\":true}", true), ControlErrorCode.BAD_REQUEST);
        assertError(reply("{\"version\":1,\"request\":\"echo\",\"client\":\"me\"}", true),
                ControlErrorCode.BAD_REQUEST);
        assertError(reply("{\"version\":1,\"id\":{},\"request\":\"echo\"}", true), ControlErrorCode.BAD_REQUEST);
        assertError(reply("", true), ControlErrorCode.BAD_REQUEST);
    }

    @Test
    void anotherVersionIsRefusedWithTheVersionsSpokenAndTheConnectionStays() {
        JsonNode r = reply("{\"version\":2,\"id\":\"a\",\"request\":\"echo\"}", false);
        assertError(r, ControlErrorCode.VERSION_UNSUPPORTED);
        assertEquals("a", r.get("id").asString());
        assertEquals(1, r.at("/error/details/oldest").intValue());
        assertEquals(1, r.at("/error/details/newest").intValue());
        assertError(reply("{\"version\":0,\"request\":\"echo\"}", false), ControlErrorCode.VERSION_UNSUPPORTED);
    }

    @Test
    void anUnknownRequestTypeNamesThoseThereAre() {
        JsonNode r = reply("{\"version\":1,\"request\":\"ipsec.sa.list\"}", false);
        assertError(r, ControlErrorCode.UNKNOWN_REQUEST);
        assertTrue(r.at("/error/message").asString().contains("echo"), r::toString);
    }

    @Test
    void unknownOrBadArgumentsAreRefusedNotIgnored() {
        assertError(reply("{\"version\":1,\"request\":\"echo\",\"args\":{\"text\":\"a\",\"all\":true}}", false),
                ControlErrorCode.BAD_ARGUMENT);
        assertError(reply("{\"version\":1,\"request\":\"echo\",\"args\":{\"text\":5}}", false),
                ControlErrorCode.BAD_ARGUMENT);
        assertError(reply("{\"version\":1,\"request\":\"echo\",\"args\":{\"text\":\"far too long\"}}", false),
                ControlErrorCode.BAD_ARGUMENT);
        assertError(reply("{\"version\":1,\"request\":\"echo\"}", false), ControlErrorCode.BAD_ARGUMENT);
    }

    @Test
    void aHandlerThatFailsIsAnInternalErrorAndTheConnectionStays() {
        JsonNode r = reply("{\"version\":1,\"request\":\"boom\"}", false);
        assertError(r, ControlErrorCode.INTERNAL);
        assertFalse(r.at("/error/message").asString().contains("bug"), "no internals to the client");
    }

    @Test
    void requestTypesAreAreaDotActionAndRegisteredOnce() {
        ControlDispatcher.Builder b = ControlDispatcher.builder("x").register("a.b", (r, p) -> null);
        assertThrows(IllegalArgumentException.class, () -> b.register("a.b", (r, p) -> null));
        assertThrows(IllegalArgumentException.class, () -> b.register("hello", (r, p) -> null));
        assertThrows(IllegalArgumentException.class, () -> b.register("Sessions.List", (r, p) -> null));
    }
}
