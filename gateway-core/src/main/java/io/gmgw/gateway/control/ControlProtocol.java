package io.gmgw.gateway.control;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire facts of the control protocol, in one place (docs/control-api.md): newline-delimited JSON, one request
 * object per line, one reply object per line, in order, over a Unix-domain stream socket.
 */
public final class ControlProtocol {
    /** The protocol version this build speaks, and the oldest it still answers. */
    public static final int VERSION = 1;
    public static final int OLDEST_VERSION = 1;

    /** Longest request line, newline excluded: a request is a command and a few arguments, never bulk data. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    /** Longest reply line a client accepts: a list of some ten thousand sessions fits. */
    public static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    private ControlProtocol() {
    }

    /**
     * The mapper both ends use: members in declaration order (records' component order), instants as ISO-8601
     * text, and members a reader does not know ignored, so that a reply may grow within a version.
     */
    public static JsonMapper mapper() {
        return JsonMapper.builder()
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }
}
