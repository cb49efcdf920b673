package io.gmgw.acl.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of an iptables-restore rule line, split as iptables' own tokenizer ({@code add_param_to_argv} in
 * iptables' xshared.c) splits them, and joined back into one canonical spelling. Outside quotes a space or a tab ends
 * an argument and a backslash is an ordinary character; a double quote opens a quoted part, inside which a backslash
 * takes the next character literally; the closing quote ends the argument (so {@code "ab"cd} is two arguments and
 * {@code ""} one empty argument). Different argument lists always join to different lines.
 */
final class IptablesArguments {
    private IptablesArguments() {
    }

    static List<String> split(String line, int lineNumber) {
        List<String> args = new ArrayList<>();
        StringBuilder arg = new StringBuilder();
        boolean quoted = false;
        boolean escaped = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (escaped) {
                    arg.append(c);
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    quoted = false;
                    args.add(arg.toString()); // the closing quote ends the argument, even an empty one
                    arg.setLength(0);
                } else {
                    arg.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ' ' || c == '\t') {
                if (!arg.isEmpty()) {
                    args.add(arg.toString());
                    arg.setLength(0);
                }
            } else {
                arg.append(c);
            }
        }
        if (quoted) {
            throw new AclFormatException("line " + lineNumber + ": a double quote is not closed on the line "
                    + "(iptables-restore would read the line end into the argument); close it");
        }
        if (!arg.isEmpty()) {
            args.add(arg.toString());
        }
        return args;
    }

    /**
     * Whether {@code line} splits into words at single spaces and joins back to itself: no quote, no tab, no blank at
     * either end or next to another.
     */
    static boolean isCanonical(String line) {
        int n = line.length();
        return n > 0 && line.charAt(0) != ' ' && line.charAt(n - 1) != ' ' && line.indexOf('"') < 0
                && line.indexOf('\t') < 0 && !line.contains("  ");
    }

    /**
     * Arguments one space apart; one that is empty or holds a blank or a quote is quoted, with {@code \} and
     * {@code "} escaped.
     */
    static String join(List<String> args) {
        StringBuilder out = new StringBuilder();
        for (String a : args) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            if (!a.isEmpty() && a.indexOf(' ') < 0 && a.indexOf('\t') < 0 && a.indexOf('"') < 0) {
                out.append(a);
            } else {
                out.append('"').append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return out.toString();
    }
}
