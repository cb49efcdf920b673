package io.gmgw.acl.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The ACL formats gmgw reads. Each has a stable name (in reports, the signed manifest attribute and {@code --format}),
 * a rule counter and a canonical form (docs/acl-integrity.md, "Canonical form"). The gateway's group ACLs are
 * {@link #CISCO_IOS} files (docs/policy.md).
 */
public enum AclFormat {
    /** {@code iptables-save} / {@code ip6tables-save} output ({@code *table} … {@code COMMIT}). */
    IPTABLES_SAVE("iptables-save", new IptablesSaveParser()),
    /** {@code nft list ruleset} text. */
    NFTABLES("nftables", new NftablesTextParser()),
    /** {@code nft -j list ruleset} JSON ({@code {"nftables": [...]}}). */
    NFTABLES_JSON("nftables-json", new NftablesJsonParser()),
    /** Cisco IOS {@code access-list N …} and {@code ip access-list …} / {@code ipv6 access-list …} blocks. */
    CISCO_IOS("cisco-ios", new CiscoIosParser()),
    /** Huawei VRP / H3C Comware {@code acl number N} / {@code acl name X} blocks of {@code rule} lines. */
    HUAWEI_VRP("huawei-vrp", new HuaweiVrpParser());

    private final String id;
    private final AclParser parser;

    AclFormat(String id, AclParser parser) {
        this.id = id;
        this.parser = parser;
    }

    /** The format's stable name, e.g. {@code iptables-save}. */
    public String id() {
        return id;
    }

    AclParser parser() {
        return parser;
    }

    /** The format named {@code id} (as {@link #id()}; case-insensitive). */
    public static AclFormat fromId(String id) {
        for (AclFormat f : values()) {
            if (f.id.equalsIgnoreCase(id.strip())) {
                return f;
            }
        }
        throw new AclFormatException("unknown ACL format '" + id + "'; known formats: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(AclFormat::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
