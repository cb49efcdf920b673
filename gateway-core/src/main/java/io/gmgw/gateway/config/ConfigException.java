package io.gmgw.gateway.config;

import io.gmgw.gateway.GatewayException;
import java.util.List;
import java.util.stream.Collectors;

/** A configuration that does not hold, with every error found in it (not just the first), in file order. */
public final class ConfigException extends GatewayException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(Kind.CONFIG, errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
