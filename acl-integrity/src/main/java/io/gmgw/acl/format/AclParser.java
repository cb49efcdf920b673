package io.gmgw.acl.format;

/** Reads one format: the canonical lines and the rules of a text whose line endings are already LF. */
interface AclParser {
    /** Whether {@code lines} (trimmed, non-blank) look like this format; used by detection. */
    boolean recognises(java.util.List<String> lines);

    /** The canonical form's lines and the rules, or {@link AclFormatException} when the text is not well-formed. */
    Parsed parse(java.util.List<String> rawLines);

    record Parsed(java.util.List<String> canonicalLines, java.util.List<AclRule> rules) {
    }
}
