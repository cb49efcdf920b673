package io.gmgw.cli.control;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows under a heading, each column as wide as its widest cell, two spaces apart, the last column unpadded (as
 * {@code occtl show users} prints them). An empty cell prints as {@code -} so that columns stay parseable by awk.
 */
public final class TextTable {
    private final String[] heading;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... heading) {
        this.heading = heading.clone();
    }

    public TextTable row(Object... cells) {
        if (cells.length != heading.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + heading.length + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null || c.toString().isEmpty() ? "-" : c.toString())
                .toArray(String[]::new));
        return this;
    }

    /** Prints the heading and the rows, each line with {@code indent} before it. */
    public void print(PrintWriter out, String indent) {
        int[] width = new int[heading.length];
        for (int i = 0; i < heading.length; i++) {
            width[i] = heading[i].length();
            for (String[] row : rows) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        line(out, indent, heading, width);
        rows.forEach(row -> line(out, indent, row, width));
    }

    private static void line(PrintWriter out, String indent, String[] cells, int[] width) {
        StringBuilder b = new StringBuilder(indent);
        for (int i = 0; i < cells.length; i++) {
            b.append(cells[i]);
            if (i < cells.length - 1) {
                b.append(" ".repeat(width[i] - cells[i].length() + 2));
            }
        }
        out.println(b.toString().stripTrailing());
    }
}
