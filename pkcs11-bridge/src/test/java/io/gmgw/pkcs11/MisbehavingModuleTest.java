package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A PKCS#11 module that lies about lengths, made of upcalls in this JVM (its function table is native memory the
 * binding reads exactly as it reads a vendor's): counts and lengths of 2^31 or of an unsigned 2^64 - 16, counts larger
 * than the buffer it was given, and a search that never ends. Each must be a {@link Pkcs11Exception} that names the
 * function and the length, with no allocation of what the module asked for (an OutOfMemoryError, or a crash, is what
 * trusting it would give).
 */
class MisbehavingModuleTest {
    private static final ValueLayout.OfLong ULONG = ValueLayout.JAVA_LONG;
    private static final long TWO_TO_31 = 1L << 31;
    private static final long UNSIGNED_HUGE = 0xFFFF_FFFF_FFFF_FFF0L;

    /** How the module lies this time. */
    enum Lie {
        /** Size queries answer 2^31. */
        HUGE(TWO_TO_31),
        /** Size queries answer 2^64 - 16 (negative as a Java long). */
        UNSIGNED(UNSIGNED_HUGE),
        /** Size queries answer 4, then the module says it wrote 1,000 into the room for 4. */
        OVERFILL(4);

        final long size;

        Lie(long size) {
            this.size = size;
        }
    }

    private static volatile Lie lie = Lie.HUGE;
    private Arena arena;
    private Pkcs11Library library;

    @BeforeEach
    void bind() throws ReflectiveOperationException {
        arena = Arena.ofShared();
        MemorySegment table = arena.allocate(552, 8);
        put(table, 40, "getSlotList", ValueLayout.JAVA_BYTE, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
        put(table, 64, "getMechanismList", ULONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
        put(table, 200, "getAttributeValue", ULONG, ULONG, ValueLayout.ADDRESS, ULONG);
        put(table, 216, "findObjectsInit", ULONG, ValueLayout.ADDRESS, ULONG);
        put(table, 224, "findObjects", ULONG, ValueLayout.ADDRESS, ULONG, ValueLayout.ADDRESS);
        put(table, 232, "findObjectsFinal", ULONG);
        put(table, 272, "operationInit", ULONG, ValueLayout.ADDRESS, ULONG);
        put(table, 280, "output", ULONG, ValueLayout.ADDRESS, ULONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
        put(table, 344, "operationInit", ULONG, ValueLayout.ADDRESS, ULONG);
        put(table, 352, "output", ULONG, ValueLayout.ADDRESS, ULONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
        library = Pkcs11Library.bind(Path.of("liar-module.so"), arena, table);
    }

    @AfterEach
    void close() {
        library.close();
    }

    private void put(MemorySegment table, long offset, String name, MemoryLayout... args)
            throws ReflectiveOperationException {
        FunctionDescriptor d = FunctionDescriptor.of(ULONG, args);
        var target = MethodHandles.lookup().findStatic(MisbehavingModuleTest.class, name, d.toMethodType());
        table.set(ValueLayout.ADDRESS, offset, Linker.nativeLinker().upcallStub(target, d, arena));
    }

    @ParameterizedTest
    @EnumSource(Lie.class)
    void everyReportedLengthIsBounded(Lie how) {
        lie = how;
        String reported = how == Lie.OVERFILL ? "1000" : Long.toUnsignedString(how.size);
        refused("C_GetSlotList", reported, () -> library.slots(false));
        refused("C_GetMechanismList", reported, () -> library.mechanisms(0));
        refused("C_GetAttributeValue", reported, () -> library.attribute(1, 2, Ck.CKA_VALUE));
        refused("C_Sign", reported, () -> library.sign(1, Mechanism.of(0x80008000L), 2, new byte[32]));
        refused("C_Decrypt", reported, () -> library.decrypt(1, Mechanism.of(0x80008000L), 2, new byte[128]));
        refused("C_FindObjects", "1000", () -> library.findObjects(1, List.of()));
    }

    @Test
    void aSearchThatNeverEndsIsCutOff() {
        endless = true;
        try {
            refused("C_FindObjects", "65600", () -> library.findObjects(1, List.of()));
        } finally {
            endless = false;
        }
    }

    private static void refused(String function, String reported, Executable call) {
        Pkcs11Exception e = assertThrows(Pkcs11Exception.class, call, function);
        assertEquals(function, e.function());
        assertEquals(CkRv.GENERAL_ERROR, e.code());
        assertTrue(e.getMessage().startsWith(function + " failed: the PKCS#11 module liar-module.so reported")
                && e.getMessage().contains(" of " + reported) && e.getMessage().contains("faulty"),
                e.getMessage());
    }

    // ---- the module: upcalls; they never write past the memory they were given ----

    private static volatile boolean endless;

    /** The answer to a size query (null buffer), or the count after a fill: the lie, or what it said it wrote. */
    private static long count(MemorySegment buffer, long given) {
        if (buffer.equals(MemorySegment.NULL)) {
            return lie.size;
        }
        return lie == Lie.OVERFILL ? 1000 : given;
    }

    static long getSlotList(byte present, MemorySegment list, MemorySegment count) {
        MemorySegment c = count.reinterpret(8);
        c.set(ULONG, 0, count(list, c.get(ULONG, 0)));
        return CkRv.OK;
    }

    static long getMechanismList(long slot, MemorySegment list, MemorySegment count) {
        MemorySegment c = count.reinterpret(8);
        c.set(ULONG, 0, count(list, c.get(ULONG, 0)));
        return CkRv.OK;
    }

    static long getAttributeValue(long session, long object, MemorySegment template, long n) {
        MemorySegment t = template.reinterpret(24);
        MemorySegment value = t.get(ValueLayout.ADDRESS, 8);
        t.set(ULONG, 16, count(value, t.get(ULONG, 16)));
        return CkRv.OK;
    }

    static long findObjectsInit(long session, MemorySegment template, long n) {
        return CkRv.OK;
    }

    static long findObjects(long session, MemorySegment handles, long max, MemorySegment count) {
        count.reinterpret(8).set(ULONG, 0, endless ? max : 1000);
        return CkRv.OK;
    }

    static long findObjectsFinal(long session) {
        return CkRv.OK;
    }

    static long operationInit(long session, MemorySegment mechanism, long key) {
        return CkRv.OK;
    }

    /** C_Sign and C_Decrypt: "buffer too small, I need {size}"; OVERFILL instead claims it wrote 1,000 bytes. */
    static long output(long session, MemorySegment in, long inLen, MemorySegment out, MemorySegment outLen) {
        MemorySegment len = outLen.reinterpret(8);
        if (lie == Lie.OVERFILL) {
            len.set(ULONG, 0, 1000);
            return CkRv.OK;
        }
        len.set(ULONG, 0, lie.size);
        return CkRv.BUFFER_TOO_SMALL;
    }
}
