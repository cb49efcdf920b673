package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;

/** Range checks for the payload records' fields, so that every record can be encoded exactly. */
final class Fields {
    private Fields() {
    }

    static void u8(String what, int v) {
        if (v < 0 || v > 0xff) {
            throw new IllegalArgumentException(what + " must fit one byte: " + v);
        }
    }

    static void u16(String what, int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(what + " must fit two bytes: " + v);
        }
    }

    static void u32(String what, long v) {
        if (v < 0 || v > 0xffff_ffffL) {
            throw new IllegalArgumentException(what + " must fit four bytes: " + v);
        }
    }

    static void maxLength(String what, Octets o, int max) {
        if (o.length() > max) {
            throw new IllegalArgumentException(what + " longer than " + max + " bytes: " + o.length());
        }
    }
}
