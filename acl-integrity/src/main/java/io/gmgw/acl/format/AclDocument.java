package io.gmgw.acl.format;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ACL file read in its format: the rules and the canonical form (docs/acl-integrity.md, "Canonical form";
 * {@link #CANONICALIZATION} names the rule set, and is signed with the canonical digest). The exact bytes stay the
 * caller's: gmgw signs those, and the canonical form only in addition.
 */
public final class AclDocument {
    /**
     * The name of the canonicalisation rules implemented here ({@link Canonicalization#CURRENT}); a change to the
     * rules gets a new name.
     */
    public static final String CANONICALIZATION = Canonicalization.CURRENT.id();
    /** Larger files are refused: 100,000 iptables rules take about 8 MB. */
    public static final int MAX_LENGTH = 256 << 20;

    private final AclFormat format;
    private final List<AclRule> rules;
    private final byte[] canonical;

    private AclDocument(AclFormat format, List<AclRule> rules, byte[] canonical) {
        this.format = format;
        this.rules = List.copyOf(rules);
        this.canonical = canonical;
    }

    /** Reads {@code content} in {@code format}, or in the format it is recognised as when empty. */
    public static AclDocument parse(byte[] content, Optional<AclFormat> format) {
        Objects.requireNonNull(content, "content");
        if (content.length > MAX_LENGTH) {
            throw new AclFormatException("the file has " + content.length + " bytes; gmgw reads ACLs up to "
                    + MAX_LENGTH);
        }
        String text = TextLines.decode(content);
        AclFormat f = format.orElseGet(() -> detect(TextLines.forDetection(text)));
        AclParser.Parsed parsed = f.parser().parse(text);
        StringBuilder canonical = new StringBuilder(content.length);
        for (String line : parsed.canonicalLines()) {
            canonical.append(line).append('\n');
        }
        return new AclDocument(f, parsed.rules(), canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads {@code content} in the format it is recognised as. */
    public static AclDocument parse(byte[] content) {
        return parse(content, Optional.empty());
    }

    /** The format {@code content} is recognised as. */
    public static AclFormat detect(byte[] content) {
        return detect(TextLines.forDetection(TextLines.decode(content)));
    }

    private static AclFormat detect(List<String> lines) {
        // JSON first (a JSON string could contain anything), then the block formats, the line formats last.
        for (AclFormat f : List.of(AclFormat.NFTABLES_JSON, AclFormat.IPTABLES_SAVE, AclFormat.NFTABLES,
                AclFormat.HUAWEI_VRP, AclFormat.CISCO_IOS)) {
            if (f.parser().recognises(lines)) {
                return f;
            }
        }
        throw new AclFormatException("not a recognised ACL format (" + AclFormat.names() + "); if it is one of "
                + "these, name it with --format");
    }

    public AclFormat format() {
        return format;
    }

    public List<AclRule> rules() {
        return rules;
    }

    public int ruleCount() {
        return rules.size();
    }

    /** The canonical form: UTF-8, LF line endings, one line per kept line. */
    public byte[] canonical() {
        return canonical.clone();
    }
}
