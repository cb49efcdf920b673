package io.gmgw.gateway.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** The errors found in one file so far, each at a node's start; {@link #throwIfAny()} ends the binding with them. */
final class ConfigProblems {
    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();

    ConfigProblems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** An error at {@code node}'s first character (the file's start when there is no node). */
    void at(Node node, String message) {
        at(node == null ? Optional.empty() : node.getStartMark(), message);
    }

    void at(Optional<Mark> mark, String message) {
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        errors.add(new ConfigError(file, line, column, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws the errors, in file order, when there are any. */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            List<ConfigError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
            throw new ConfigException(sorted);
        }
    }
}
