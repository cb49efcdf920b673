package io.gmgw.crypto;

/**
 * Byte-array helpers for tests that edit encodings in place (e.g. to tamper with a name inside DER) or look for
 * bytes that must not be there (a raw seed in a sealed file).
 */
public final class Bytes {
    private Bytes() {
    }

    /** The offset of the first occurrence of {@code needle} in {@code haystack}; fails the test when there is none. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        int i = find(haystack, needle);
        if (i < 0) {
            throw new AssertionError("not found");
        }
        return i;
    }

    /** Whether {@code needle} occurs in {@code haystack}. */
    public static boolean contains(byte[] haystack, byte[] needle) {
        return find(haystack, needle) >= 0;
    }

    private static int find(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
