package io.gmgw.cli.demo;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Points the soft smart key at the demo's store for as long as this is open, and back afterwards.
 *
 * <p>Both ways the store is chosen are set: the {@code gmgw.softkey.store} system property, which
 * {@link Pkcs11Module} hands to the module before its {@code C_Initialize} (and which wins), and the module's own
 * fallback {@code GMGW_SOFTKEY_DIR} (docs/pkcs11.md), for what reads the environment. The JVM cannot change its own
 * environment, so the variable is set in the C library's environment (setenv(3) through FFM), where the module's
 * getenv(3) reads it. Both are process-wide: open this only while no other code of this process uses the soft smart
 * key (a one-shot {@code gmgw demo} run), open the module inside it, and close the module (its last user finalises it)
 * before closing this. Closing restores the previous values, or removes them.
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
    private final String previousProperty;

    private SoftKeyStore(String previous, String previousProperty) {
        this.previous = previous;
        this.previousProperty = previousProperty;
    }

    /** Sets {@value #VARIABLE} and the store property to {@code store} until {@link #close()}. */
    static SoftKeyStore use(Path store) {
        String before = get();
        String beforeProperty = System.getProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY);
        String dir = store.toAbsolutePath().normalize().toString();
        set(dir);
        System.setProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY, dir);
        return new SoftKeyStore(before, beforeProperty);
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
        if (previousProperty == null) {
            System.clearProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY);
        } else {
            System.setProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY, previousProperty);
        }
    }
}
