package io.gmgw.crypto.pki;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Key purposes of the X.509 extendedKeyUsage extension (RFC 5280 §4.2.1.12) that gmgw writes or names, each with the
 * short name operators give on the command line ({@code acl-signing}) and the name reports print.
 *
 * <p>{@link #ACL_SIGNING} is gmgw's own purpose for certificates allowed to sign access-control lists and firewall
 * rulesets: an OID minted from a UUID in the {@code 2.25} arc (ITU-T X.667, no registration needed), so that only a
 * certificate issued for that purpose carries it. RFC 9336's id-kp-documentSigning was not chosen: it names any
 * human-readable document, so every document-signing certificate of a CA would also be an ACL signer.
 */
public final class ExtendedKeyUsages {
    /** gmgw ACL signing: 2.25 + UUID 4c97d641-d063-4965-a5dc-e83c5d77cf0c as an integer. */
    public static final ASN1ObjectIdentifier ACL_SIGNING = new ASN1ObjectIdentifier(
            "2.25.101809710155271022504057816188064354060");
    /** RFC 9336 id-kp-documentSigning. */
    public static final ASN1ObjectIdentifier DOCUMENT_SIGNING = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36");
    /** RFC 5280 anyExtendedKeyUsage: no restriction by purpose. */
    public static final ASN1ObjectIdentifier ANY = new ASN1ObjectIdentifier("2.5.29.37.0");

    /** Short name (command line) → OID, in the order help texts list them. */
    private static final Map<String, ASN1ObjectIdentifier> BY_NAME = new LinkedHashMap<>();
    /** OID → the name reports print. */
    private static final Map<ASN1ObjectIdentifier, String> DISPLAY = new LinkedHashMap<>();

    static {
        name("acl-signing", ACL_SIGNING, "gmgwAclSigning");
        name("document-signing", DOCUMENT_SIGNING, "documentSigning");
        name("server-auth", new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.1"), "serverAuth");
        name("client-auth", new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.2"), "clientAuth");
        name("code-signing", new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.3"), "codeSigning");
        name("email-protection", new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.4"), "emailProtection");
        name("time-stamping", new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.8"), "timeStamping");
        name("ocsp-signing", new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.9"), "OCSPSigning");
        name("any", ANY, "anyExtendedKeyUsage");
    }

    private ExtendedKeyUsages() {
    }

    private static void name(String shortName, ASN1ObjectIdentifier oid, String display) {
        BY_NAME.put(shortName, oid);
        DISPLAY.put(oid, display);
    }

    /**
     * The purpose given as a short name ({@code acl-signing}, case-insensitive) or a dotted OID; empty when it is
     * neither.
     */
    public static Optional<ASN1ObjectIdentifier> parse(String nameOrOid) {
        String s = nameOrOid.strip();
        ASN1ObjectIdentifier named = BY_NAME.get(s.toLowerCase(Locale.ROOT));
        if (named != null) {
            return Optional.of(named);
        }
        if (s.matches("[0-2](\\.(0|[1-9][0-9]*))+")) {
            return Optional.of(new ASN1ObjectIdentifier(s));
        }
        return Optional.empty();
    }

    /** The short names {@link #parse} knows, comma separated. */
    public static String names() {
        return String.join(", ", BY_NAME.keySet());
    }

    /** "gmgwAclSigning (2.25.1018…)" for a known purpose, the dotted OID for another. */
    public static String describe(ASN1ObjectIdentifier oid) {
        String name = DISPLAY.get(oid);
        return name == null ? oid.getId() : name + " (" + oid.getId() + ")";
    }

    /** The purposes described one by one, comma separated ("none" when empty). */
    public static String describe(List<ASN1ObjectIdentifier> oids) {
        return oids.isEmpty() ? "none" : oids.stream().map(ExtendedKeyUsages::describe)
                .collect(Collectors.joining(", "));
    }
}
