package io.gmgw.gateway.config;

/** The types of configuration values, by the names {@code docs/gateway.md} uses for them. */
public enum ValueType {
    SECTION("section"),
    MAP("map"),
    STRING("string"),
    STRINGS("list of strings"),
    BOOLEAN("boolean"),
    INTEGER("integer"),
    DURATION("duration"),
    PATH("path"),
    PATHS("list of paths"),
    KEY("key path or URI"),
    SECRET("secret source"),
    ADDRESSES("list of IP addresses"),
    PREFIX("IP prefix"),
    PREFIXES("list of IP prefixes"),
    OID("OID"),
    NAME("name"),
    DOMAIN("domain name"),
    DOMAINS("list of domain names"),
    CHOICE("one of"),
    CHOICES("list of names");

    private final String shown;

    ValueType(String shown) {
        this.shown = shown;
    }

    /** The name in docs/gateway.md's key table. */
    public String shown() {
        return shown;
    }
}
