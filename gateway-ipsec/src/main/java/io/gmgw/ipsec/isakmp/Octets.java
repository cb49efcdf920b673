package io.gmgw.ipsec.isakmp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: the variable parts of ISAKMP payloads (nonces, SPIs, certificates, hashes). Records that
 * hold one compare by content, so a decoded message equals the one that was encoded. Holds a private copy; never a
 * secret (key exchange values and nonces are public, the SK payload is ciphertext).
 */
public final class Octets {
    public static final Octets EMPTY = new Octets(new byte[0]);

    private final byte[] bytes;

    private Octets(byte[] owned) {
        this.bytes = owned;
    }

    public static Octets of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Octets(bytes.clone());
    }

    public static Octets of(byte[] bytes, int offset, int length) {
        return length == 0 ? EMPTY : new Octets(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    public static Octets hex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public int length() {
        return bytes.length;
    }

    public byte get(int index) {
        return bytes[index];
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Copies the bytes into {@code out} at {@code offset}. */
    public void copyTo(byte[] out, int offset) {
        System.arraycopy(bytes, 0, out, offset, bytes.length);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Octets other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return bytes.length <= 32 ? toHex() : HexFormat.of().formatHex(bytes, 0, 32) + "…(" + bytes.length + " bytes)";
    }
}
