package io.gmgw.acl.format;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The statements of an nft script, as nft's scanner (src/scanner.l) separates them, each in canonical spelling:
 * <ul>
 *   <li>blanks are space and tab; a CR, a vertical tab, a form feed or another control character is refused (nft
 *       reads them as junk, or inside a comment as comment, hiding the rest of the line);
 *   <li>an LF ends a statement; a backslash right before the LF continues it on the next line (as a blank);
 *   <li>{@code #} outside quotes starts a comment to the end of the line; a comment line (only blanks before the
 *       {@code #}) takes its LF with it, so after a continuation it does not end the statement; a comment on the
 *       last line needs an LF (nft refuses it otherwise);
 *   <li>a double-quoted string is content up to the next double quote, with no escapes; one not closed on its line
 *       is refused (nft would read the following lines into it).
 * </ul>
 * The canonical line: blanks outside quotes squeezed to one space, comments removed, counter values dropped
 * ({@code counter packets N bytes M} becomes {@code counter}) outside quotes; empty statements are left out.
 */
final class NftLines {
    private static final Pattern COUNTER = Pattern.compile("\\bcounter packets \\d+ bytes \\d+");

    private NftLines() {
    }

    static List<TextLines.Line> of(String text) {
        TextLines.refuseControls(text, "nft", true, false);
        List<TextLines.Line> out = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        int line = 1;
        int start = 1;
        boolean onlyBlanks = true; // since the last line start (the scanner's "beginning of line")
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                int close = text.indexOf('"', i + 1);
                int lf = text.indexOf('\n', i + 1);
                if (close < 0 || lf >= 0 && lf < close) {
                    throw new AclFormatException("line " + line + ": a double-quoted string is not closed on its line; "
                            + "nft would read the following lines into it. Close it on the same line");
                }
                statement.append(text, i, close + 1);
                onlyBlanks = false;
                i = close + 1;
            } else if (c == '#') {
                int lf = text.indexOf('\n', i);
                if (lf < 0) {
                    throw new AclFormatException("line " + line + ": the file ends in a comment without a line end, "
                            + "which nft refuses; end the file with a newline");
                }
                if (onlyBlanks) {
                    // A comment line: the scanner takes its LF too, so it ends no statement.
                    i = lf + 1;
                    line++;
                } else {
                    i = lf;
                }
            } else if (c == '\\') {
                if (i + 1 < n && text.charAt(i + 1) == '\n') {
                    statement.append(' ');
                    i += 2;
                    line++;
                    onlyBlanks = true;
                } else if (i + 1 < n && text.charAt(i + 1) == '*') {
                    statement.append("\\*");
                    onlyBlanks = false;
                    i += 2;
                } else {
                    throw new AclFormatException("line " + line + ": a backslash outside quotes must end the line (a "
                            + "continuation) or stand before '*'; nft refuses it here (a blank after a continuation "
                            + "backslash?)");
                }
            } else if (c == '\n') {
                emit(out, start, statement);
                i++;
                line++;
                start = line;
                onlyBlanks = true;
            } else {
                statement.append(c);
                onlyBlanks &= TextLines.isBlank(c);
                i++;
            }
        }
        emit(out, start, statement);
        return out;
    }

    private static void emit(List<TextLines.Line> out, int start, StringBuilder statement) {
        String s = TextLines.squeeze(statement.toString());
        statement.setLength(0);
        if (!s.isEmpty()) {
            out.add(new TextLines.Line(start, s.contains("counter packets ") ? dropCounterValues(s) : s));
        }
    }

    /** Counter values outside quotes only: a comment's text is content. */
    private static String dropCounterValues(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int quote = s.indexOf('"', i);
            int end = quote < 0 ? s.length() : quote;
            out.append(COUNTER.matcher(s.substring(i, end)).replaceAll("counter"));
            if (quote < 0) {
                break;
            }
            int close = s.indexOf('"', quote + 1);
            out.append(s, quote, close + 1);
            i = close + 1;
        }
        return out.toString();
    }
}
