package io.gmgw.acl.format;

import java.util.List;

/** Reads one format: the canonical lines and the rules of a decoded text, lexed as the format's own tool lexes it. */
interface AclParser {
    /** Whether {@code lines} (from {@link TextLines#forDetection}) look like this format; used by detection. */
    boolean recognises(List<String> lines);

    /**
     * The canonical form's lines and the rules, or {@link AclFormatException} when the text is not well-formed or
     * contains something the format's tool would read differently from its canonical form.
     */
    Parsed parse(String text);

    record Parsed(List<String> canonicalLines, List<AclRule> rules) {
    }
}
