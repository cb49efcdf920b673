package io.gmgw.pkcs11;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A CK_MECHANISM: a code (standard or from a vendor profile) and a parameter written into native memory for the call.
 * Parameters that hold pointers (ECDH, the SM2 key exchange) are laid out by their factory; plain byte parameters
 * (an IV, an SM2 user ID) are copied.
 */
public final class Mechanism {
    /** Writes the parameter into memory owned by {@code arena}; returns {@link MemorySegment#NULL} for none. */
    @FunctionalInterface
    public interface Parameter {
        MemorySegment write(Arena arena);
    }

    private final long type;
    private final Parameter parameter;

    private Mechanism(long type, Parameter parameter) {
        this.type = type;
        this.parameter = Objects.requireNonNull(parameter, "parameter");
    }

    public static Mechanism of(long type) {
        return new Mechanism(type, a -> MemorySegment.NULL);
    }

    public static Mechanism withBytes(long type, byte[] parameter) {
        byte[] p = parameter.clone();
        return new Mechanism(type, a -> p.length == 0 ? MemorySegment.NULL : a.allocateFrom(ValueLayout.JAVA_BYTE, p));
    }

    /** A mechanism whose parameter is a structure laid out by the caller. */
    public static Mechanism withParameter(long type, Parameter parameter) {
        return new Mechanism(type, parameter);
    }

    /** CKM_ECDH1_DERIVE with CKD_NULL and the peer's point 04||x||y as public data (CK_ECDH1_DERIVE_PARAMS, 40 bytes). */
    public static Mechanism ecdh1Derive(byte[] peerPoint) {
        byte[] point = peerPoint.clone();
        return new Mechanism(Ck.CKM_ECDH1_DERIVE, a -> {
            MemorySegment data = a.allocateFrom(ValueLayout.JAVA_BYTE, point);
            MemorySegment p = a.allocate(40, 8);
            p.set(ValueLayout.JAVA_LONG, 0, Ck.CKD_NULL);
            p.set(ValueLayout.JAVA_LONG, 8, 0);
            p.set(ValueLayout.ADDRESS, 16, MemorySegment.NULL);
            p.set(ValueLayout.JAVA_LONG, 24, point.length);
            p.set(ValueLayout.ADDRESS, 32, data);
            return p;
        });
    }

    public long type() {
        return type;
    }

    /** CK_MECHANISM {type, pParameter, ulParameterLen} in {@code arena}. */
    MemorySegment write(Arena arena) {
        MemorySegment p = parameter.write(arena);
        MemorySegment m = arena.allocate(24, 8);
        m.set(ValueLayout.JAVA_LONG, 0, type);
        m.set(ValueLayout.ADDRESS, 8, p);
        m.set(ValueLayout.JAVA_LONG, 16, p.equals(MemorySegment.NULL) ? 0 : p.byteSize());
        return m;
    }

    @Override
    public String toString() {
        return "Mechanism[0x" + Long.toHexString(type) + "]";
    }
}
