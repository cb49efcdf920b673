package io.gmgw.cli;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * A command's security-relevant work with its audit record: the success event described from the result, or the
 * failure event with the exception's message as the reason (the exception is then rethrown unchanged).
 */
public final class Audited {
    /** The work; it may throw what the command would throw. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    private Audited() {
    }

    /**
     * Runs {@code work}; records {@code type} on {@code object} as a success described by {@code success}, or as a
     * failure.
     */
    public static <T> T run(Audit audit, AuditEventType type, String object, Work<T> work,
            BiConsumer<T, Audit.Entry> success) throws IOException {
        T result;
        try {
            result = work.run();
        } catch (IOException | RuntimeException e) {
            audit.failure(type, e).object(object).writeFor(e);
            throw e;
        }
        Audit.Entry entry = audit.success(type).object(object);
        success.accept(result, entry);
        entry.write();
        return result;
    }
}
