package io.gmgw.gateway.config;

import java.util.Objects;

/**
 * One key of the gateway's configuration, as {@code docs/gateway.md} lists it: its dotted path ({@code NAME} stands
 * for a name the operator chooses, {@code groups.NAME.acl}), its type, and its default: {@link #REQUIRED},
 * {@link #UNSET} (absent means not used), or the value written as in the file, which is what the binder reads when
 * the key is absent, so the documented default and the one in force cannot differ.
 */
public record ConfigKey(String path, ValueType type, String defaultValue) {
    /** The key must be given. */
    public static final String REQUIRED = "required";
    /** Absent means "not used" (no value). */
    public static final String UNSET = "-";

    public ConfigKey {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }

    public boolean required() {
        return defaultValue.equals(REQUIRED);
    }

    /** The last part of the path: what is written in the file. */
    public String name() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** The path of the section the key is in ({@code groups.NAME}), empty at the top. */
    public String section() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }
}
