package io.gmgw.cli.demo;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Points the soft smart key at the demo's store for as long as this is open, and back afterwards.
 *
 * <p>Why an environment variable: the soft smart key reads its store from {@code GMGW_SOFTKEY_DIR} in its
 * {@code C_Initialize} (docs/pkcs11.md), and PKCS#11 gives a module no other per-process argument ({@code pReserved}
 * must be NULL). The JVM cannot change its own environment, so this sets it in the C library's environment (setenv(3)
 * through FFM), where the module's getenv(3) reads it. It is process-wide: open it only while no other code of this
 * process uses the soft smart key (a one-shot {@code gmgw demo} run), open the module inside it, and close the module
 * (its last user finalises it) before closing this. Closing restores the previous value, or unsets the variable.
 */
final class SoftKeyStore implements AutoCloseable {
    static final String VARIABLE = "GMGW_SOFTKEY_DIR";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle GETENV = LINKER.downcallHandle(LINKER.defaultLookup().find("getenv")
            .orElseThrow(), FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle SETENV = LINKER.downcallHandle(LINKER.defaultLookup().find("setenv")
            .orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle UNSETENV = LINKER.downcallHandle(LINKER.defaultLookup().find("unsetenv")
            .orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private final String previous;

    private SoftKeyStore(String previous) {
        this.previous = previous;
    }

    /** Sets {@value #VARIABLE} to {@code store} until {@link #close()}. */
    static SoftKeyStore use(Path store) {
        String before = get();
        set(store.toAbsolutePath().normalize().toString());
        return new SoftKeyStore(before);
    }

    /** The variable as the C library sees it now (null when unset). */
    static String get() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) GETENV.invokeExact(arena.allocateFrom(VARIABLE));
            return value.equals(MemorySegment.NULL) ? null : value.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException("getenv(" + VARIABLE + ") failed", t);
        }
    }

    private static void set(String value) {
        int rc;
        try (Arena arena = Arena.ofConfined()) {
            rc = value == null ? (int) UNSETENV.invokeExact(arena.allocateFrom(VARIABLE))
                    : (int) SETENV.invokeExact(arena.allocateFrom(VARIABLE), arena.allocateFrom(value), 1);
        } catch (Throwable t) {
            throw new IllegalStateException("setenv(" + VARIABLE + ") failed", t);
        }
        if (rc != 0) {
            throw new IllegalStateException("setenv(" + VARIABLE + ") failed: out of memory");
        }
    }

    @Override
    public void close() {
        set(previous);
    }
}
