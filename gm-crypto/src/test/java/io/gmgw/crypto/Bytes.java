package io.gmgw.crypto;

/** Byte-array helpers for tests that edit encodings in place (e.g. to tamper with a name inside DER). */
public final class Bytes {
    private Bytes() {
    }

    /** The offset of the first occurrence of {@code needle} in {@code haystack}; fails the test when there is none. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
