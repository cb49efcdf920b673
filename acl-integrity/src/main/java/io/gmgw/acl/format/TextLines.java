package io.gmgw.acl.format;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The format-independent steps of the canonical form: UTF-8, line endings, whitespace. */
final class TextLines {
    private TextLines() {
    }

    /** Strict UTF-8 (an invalid sequence is malformed input, not a replacement character); a leading BOM dropped. */
    static String decode(byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new AclFormatException("the file is not UTF-8 text (" + e.getMessage() + "); ACL files are text");
        }
        if (text.indexOf('\0') >= 0) {
            throw new AclFormatException("the file contains NUL characters; ACL files are text");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Lines after CRLF and lone CR became LF; a final line ending does not make an extra empty line. */
    static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < n) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /**
     * The line with leading and trailing blanks removed and every run of blanks (space, tab, vertical tab, form feed)
     * outside double quotes turned into one space; with {@code comment} set, everything from an unquoted comment
     * character that starts a word to the end of the line removed.
     */
    static String squeeze(String line, char comment) {
        if (alreadySqueezed(line, comment)) {
            return line; // the common case in tool output: no allocation
        }
        StringBuilder out = new StringBuilder(line.length());
        boolean quoted = false;
        boolean pendingSpace = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!quoted && isBlank(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (!quoted && comment != 0 && c == comment && (pendingSpace || out.length() == 0)) {
                break;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** No blank at either end, no blank other than single spaces, no quotes, no comment character. */
    private static boolean alreadySqueezed(String line, char comment) {
        int n = line.length();
        if (n == 0) {
            return true;
        }
        if (isBlank(line.charAt(0)) || isBlank(line.charAt(n - 1))) {
            return false;
        }
        char previous = 0;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == '"' || (comment != 0 && c == comment) || c == '\t' || c == '\u000b' || c == '\f'
                    || (c == ' ' && previous == ' ')) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\u000b' || c == '\f';
    }
}
