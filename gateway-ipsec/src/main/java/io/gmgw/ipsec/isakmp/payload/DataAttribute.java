package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;

/**
 * A data attribute (RFC 2408 §3.3): type/value (TV, the AF bit set, a 2-byte value) or type/length/value (TLV, up to
 * 65535 bytes). The form is kept so that a decoded attribute encodes to the bytes it came from.
 *
 * @param type the attribute class, 15 bits (phase 1: RFC 2409 appendix A plus the GM class 20; phase 2: RFC 2407
 *     §4.5)
 * @param basic TV form
 * @param value the value, exactly 2 bytes when basic
 */
public record DataAttribute(int type, boolean basic, Octets value) {
    public static final int MAX_TYPE = 0x7fff;

    public DataAttribute {
        if (type < 0 || type > MAX_TYPE) {
            throw new IllegalArgumentException("attribute type must fit 15 bits: " + type);
        }
        if (basic && value.length() != 2) {
            throw new IllegalArgumentException("a basic (TV) attribute has a 2-byte value, not " + value.length());
        }
        Fields.maxLength("attribute value", value, 0xffff);
    }

    /** A TV attribute with a 16-bit value. */
    public static DataAttribute basic(int type, int value) {
        Fields.u16("basic attribute value", value);
        return new DataAttribute(type, true, Octets.of(new byte[] {(byte) (value >>> 8), (byte) value}));
    }

    /** A TLV attribute holding {@code value} as a big-endian integer of {@code length} bytes (a life duration). */
    public static DataAttribute variable(int type, long value, int length) {
        if (length < 1 || length > 8 || (length < 8 && value >>> (8 * length) != 0)) {
            throw new IllegalArgumentException(value + " does not fit " + length + " bytes");
        }
        byte[] b = new byte[length];
        for (int i = length - 1; i >= 0; i--, value >>>= 8) {
            b[i] = (byte) value;
        }
        return new DataAttribute(type, false, Octets.of(b));
    }

    /** The value as an unsigned integer (TV, or a TLV of 1 to 8 bytes: RFC 2409 life durations may be either). */
    public long longValue() {
        if (value.length() == 0 || value.length() > 8) {
            throw new IllegalStateException("attribute " + type + " holds " + value.length()
                    + " bytes, not an integer of 1 to 8 bytes");
        }
        long v = 0;
        for (int i = 0; i < value.length(); i++) {
            v = (v << 8) | (value.get(i) & 0xff);
        }
        return v;
    }
}
