package io.gmgw.acl.format;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code nft list ruleset} text (and {@code nft -f} files in the same block syntax, with {@code add rule …} commands
 * at the top level), its statements separated as nft separates them ({@link NftLines}). Rules are the statements
 * directly inside a {@code chain} block; chain properties ({@code type}, {@code policy}, {@code comment},
 * {@code devices}) are not rules. Volatile: {@code #} comments (including {@code # handle N} from {@code nft -a}) and
 * counter values ({@code counter packets N bytes M} becomes {@code counter}).
 */
final class NftablesTextParser implements AclParser {
    private static final Pattern TABLE = Pattern.compile("^table (ip|ip6|inet|arp|bridge|netdev) \\S+ \\{( #.*)?$");
    private static final Pattern CHAIN_PROPERTY = Pattern.compile("^(type|policy|comment|devices|device|priority) ");

    private enum Block { TABLE, CHAIN, OTHER }

    @Override
    public boolean recognises(List<String> lines) {
        return lines.stream().anyMatch(l -> TABLE.matcher(l).matches());
    }

    @Override
    public Parsed parse(String text) {
        List<String> canonical = new ArrayList<>();
        List<AclRule> rules = new ArrayList<>();
        Deque<Block> blocks = new ArrayDeque<>();
        String table = "";
        String chain = "";
        for (TextLines.Line l : NftLines.of(text)) {
            String s = l.text();
            int line = l.number();
            canonical.add(s);
            int opens = count(s, '{');
            int closes = count(s, '}');
            Block top = blocks.peek();
            if (s.equals("}")) {
                if (blocks.isEmpty()) {
                    throw new AclFormatException("line " + line + ": '}' closes no block");
                }
                blocks.pop();
                continue;
            }
            if (top == Block.CHAIN && !CHAIN_PROPERTY.matcher(s).find()) {
                rules.add(new AclRule(table + " " + chain, s, line));
            } else if (top == null && (s.startsWith("add rule ") || s.startsWith("insert rule "))) {
                String[] t = s.split(" ", 6);
                rules.add(new AclRule(t.length > 4 ? t[2] + " " + t[3] + " " + t[4] : "", s, line));
            }
            if (opens > closes) {
                if (opens - closes > 1) {
                    throw new AclFormatException("line " + line + ": more than one block opens on one line");
                }
                if (s.startsWith("table ") && top == null) {
                    String[] t = s.split(" ");
                    table = t.length >= 3 ? t[1] + " " + t[2] : s;
                    blocks.push(Block.TABLE);
                } else if (s.startsWith("chain ") && top == Block.TABLE) {
                    chain = s.split(" ")[1];
                    blocks.push(Block.CHAIN);
                } else {
                    blocks.push(Block.OTHER);
                }
            } else if (closes > opens) {
                for (int k = 0; k < closes - opens; k++) {
                    if (blocks.isEmpty()) {
                        throw new AclFormatException("line " + line + ": '}' closes no block");
                    }
                    blocks.pop();
                }
            }
        }
        if (!blocks.isEmpty()) {
            throw new AclFormatException(blocks.size() + " block(s) not closed at the end of the file (truncated?)");
        }
        return new Parsed(canonical, rules);
    }

    /** Braces outside double quotes. */
    private static int count(String s, char brace) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == brace) {
                n++;
            }
        }
        return n;
    }
}
