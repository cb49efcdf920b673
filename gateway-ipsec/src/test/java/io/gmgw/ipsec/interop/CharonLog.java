package io.gmgw.ipsec.interop;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the hex dumps charon writes at log level 3 and 4 ({@code "14[IKE] SKEYID => 32 bytes @ 0x..."} followed by
 * lines {@code "14[IKE]    0: 9B 5E 66 ..."}). Threads log concurrently, so a dump is collected from the lines of the
 * thread that announced it.
 */
final class CharonLog {
    private static final Pattern HEADER = Pattern.compile("^(\\d+)\\[(\\w+)\\] (.+) => (\\d+) bytes @ ");
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\[\\w+\\]\\s+\\d+: ((?:[0-9A-F]{2} ?)+)");

    private final List<String> lines;

    CharonLog(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    /** Every dump whose label is exactly {@code label}, in log order. */
    List<byte[]> all(String label) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher h = HEADER.matcher(lines.get(i));
            if (h.find() && h.group(3).equals(label)) {
                out.add(dump(i, h.group(1), Integer.parseInt(h.group(4))));
            }
        }
        return out;
    }

    /** The first dump labelled {@code label}. */
    byte[] first(String label) {
        List<byte[]> all = all(label);
        if (all.isEmpty()) {
            throw new AssertionError("charon logged no '" + label + "'");
        }
        return all.getFirst();
    }

    /** For a dump header line, its thread and byte count; null for another line. */
    static int[] header(String line) {
        Matcher h = HEADER.matcher(line);
        return h.find() ? new int[] {Integer.parseInt(h.group(1)), Integer.parseInt(h.group(4))} : null;
    }

    /** How many bytes a dump line of {@code thread} carries; 0 for another line. */
    static int dumpBytes(String line, int thread) {
        Matcher m = LINE.matcher(line);
        return m.find() && Integer.parseInt(m.group(1)) == thread ? m.group(2).replace(" ", "").length() / 2 : 0;
    }

    private byte[] dump(int header, String thread, int length) {
        byte[] out = new byte[length];
        int have = 0;
        for (int i = header + 1; i < lines.size() && have < length; i++) {
            Matcher m = LINE.matcher(lines.get(i));
            if (m.find() && m.group(1).equals(thread)) {
                byte[] b = HexFormat.of().parseHex(m.group(2).replace(" ", ""));
                System.arraycopy(b, 0, out, have, b.length);
                have += b.length;
            }
        }
        if (have != length) {
            throw new AssertionError("a dump of " + length + " bytes with only " + have + " logged");
        }
        return out;
    }
}
