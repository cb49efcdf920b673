package io.gmgw.acl.format;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of the canonical form the line formats share (docs/acl-integrity.md, "Canonical form"): strict UTF-8,
 * the characters a format refuses, lines split where the consuming tool splits them (at LF only), blanks squeezed.
 * Each parser decides what its tool makes of CR, tabs and comments.
 */
final class TextLines {
    /** A line of the file: its 1-based number and its text without the LF. */
    record Line(int number, String text) {
    }

    private TextLines() {
    }

    /**
     * Strict UTF-8 (an invalid sequence is malformed input, not a replacement character). A NUL is refused: the tools
     * read a line as a C string and stop there, so whatever follows it on the line would be signed but not applied.
     * A leading byte-order mark is refused too: iptables-restore and nft read it as part of the first line.
     */
    static String decode(byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new AclFormatException("the file is not UTF-8 text (" + e.getMessage() + "); ACL files are text");
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new AclFormatException("line " + lineOf(text, nul) + " contains a NUL character: the firewall tools "
                    + "stop reading a line there, so what follows would be signed but never applied; ACL files are "
                    + "text without NULs");
        }
        if (text.startsWith("\uFEFF")) {
            throw new AclFormatException("the file starts with a UTF-8 byte-order mark, which iptables-restore and nft "
                    + "read as part of the first line (and refuse); save the file without it");
        }
        return text;
    }

    /** The 1-based line of the character at {@code index}, lines ending at LF. */
    static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * Refuses the control characters no line format gives a meaning gmgw can reproduce: C0 controls other than tab,
     * LF and (where {@code allowCr}) CR, DEL, and the Unicode line separators U+0085, U+2028 and U+2029, at which some
     * readers end a line and the firewall tools do not. {@code format} and {@code advice} go into the message.
     */
    static void refuseControls(String text, String format, boolean allowTab, boolean allowCr) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\n' && !(c == '\t' && allowTab) && !(c == '\r' && allowCr)
                    || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029';
            if (control) {
                throw new AclFormatException("line " + lineOf(text, i) + " contains " + describe(c) + ", which "
                        + format + " does not read as gmgw would canonicalise it; " + advice(c));
            }
        }
    }

    private static String describe(char c) {
        return switch (c) {
            case '\r' -> "a carriage return (CR) that does not end a CR LF pair";
            case '\t' -> "a tab";
            case '\u000b' -> "a vertical tab";
            case '\f' -> "a form feed";
            default -> String.format("the control character U+%04X", (int) c);
        };
    }

    private static String advice(char c) {
        return switch (c) {
            case '\r' -> "the tool ends lines at LF only, so a CR is part of the line (at the end of a comment it "
                    + "hides the rest of the line). Convert the file to LF line endings (dos2unix FILE)";
            case '\t' -> "the device CLI takes a tab for command completion; use spaces";
            default -> "remove it (ACL files are plain text)";
        };
    }

    /** The lines between LFs; a final LF does not make an extra empty line. */
    static List<Line> split(String text) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int number = 1;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) == '\n') {
                lines.add(new Line(number++, text.substring(start, i)));
                start = i + 1;
            }
        }
        if (start < n) {
            lines.add(new Line(number, text.substring(start)));
        }
        return lines;
    }

    /**
     * Lines for format recognition only (never for a canonical form): split at LF, a CR before it dropped, blanks
     * squeezed, blank lines left out.
     */
    static List<String> forDetection(String text) {
        List<String> out = new ArrayList<>();
        for (Line l : split(text)) {
            String s = l.text().endsWith("\r") ? l.text().substring(0, l.text().length() - 1) : l.text();
            s = squeeze(s.replace('\t', ' '));
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The line with leading and trailing blanks (space, tab) removed and every run of blanks outside double quotes
     * turned into one space; inside quotes (e.g. {@code comment "a  b"}) blanks are content. A quote left open runs
     * to the end of the line.
     */
    static String squeeze(String line) {
        int n = line.length();
        if (n > 0 && !isBlank(line.charAt(0)) && !isBlank(line.charAt(n - 1)) && line.indexOf('"') < 0
                && line.indexOf('\t') < 0 && !line.contains("  ")) {
            return line; // the common case in tool output: no allocation
        }
        StringBuilder out = new StringBuilder(n);
        boolean quoted = false;
        boolean pendingSpace = false;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (!quoted && isBlank(c)) {
                pendingSpace = out.length() > 0;
                continue;
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

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** Whether the line is empty or blanks only. */
    static boolean isBlankLine(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!isBlank(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
