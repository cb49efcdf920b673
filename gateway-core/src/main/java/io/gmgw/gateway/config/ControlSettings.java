package io.gmgw.gateway.config;

import java.nio.file.Path;

/**
 * {@code control}: the local control socket (a Unix domain socket, owner-only) of {@code gmgw status} and
 * {@code gmgw sessions}.
 */
public record ControlSettings(Path socket) {
}
