package io.gmgw.pkcs11;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One CK_ATTRIBUTE of a template: a type and its value bytes in the platform's layout. */
public record Attribute(long type, byte[] value) {
    public Attribute {
        Objects.requireNonNull(value, "value");
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public static Attribute ofBoolean(long type, boolean v) {
        return new Attribute(type, new byte[] {(byte) (v ? 1 : 0)});
    }

    /** A CK_ULONG value (8 bytes, native order on Linux x86-64). */
    public static Attribute ofLong(long type, long v) {
        return new Attribute(type, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array());
    }

    public static Attribute ofBytes(long type, byte[] v) {
        return new Attribute(type, v);
    }

    public static Attribute ofString(long type, String v) {
        return new Attribute(type, v.getBytes(StandardCharsets.UTF_8));
    }

    /** A CK_ULONG read back from attribute bytes. */
    public static long toLong(byte[] v) {
        if (v.length != 8) {
            throw new IllegalArgumentException("a CK_ULONG attribute has 8 bytes, not " + v.length);
        }
        return ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getLong();
    }

    @Override
    public String toString() {
        return "Attribute[0x" + Long.toHexString(type) + ", " + value.length + " bytes]";
    }
}
