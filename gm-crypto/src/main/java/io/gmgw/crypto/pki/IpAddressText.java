package io.gmgw.crypto.pki;

import java.util.HexFormat;

/** IP addresses as text: IPv4 dotted quad, IPv6 in the RFC 5952 form ({@code 2001:db8::1}, {@code ::1}). */
final class IpAddressText {
    private IpAddressText() {
    }

    /** 4 or 16 octets as an address; any other length (not an address) as {@code #} and hex. */
    static String format(byte[] octets) {
        if (octets.length == 4) {
            return (octets[0] & 0xff) + "." + (octets[1] & 0xff) + "." + (octets[2] & 0xff) + "." + (octets[3] & 0xff);
        }
        if (octets.length != 16) {
            return "#" + HexFormat.of().formatHex(octets);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (octets[2 * i] & 0xff) << 8 | (octets[2 * i + 1] & 0xff);
        }
        // RFC 5952 §4.2: the longest run of two or more zero groups becomes "::" (the first of equal runs).
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLength - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(groups[i]));
        }
        return b.toString();
    }
}
