package io.gmgw.crypto.pki;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Distinguished names typed by people (the {@code gmgw pki} command line, configuration), encoded as GM/T 0015 wants
 * them: attribute values in UTF8String (RFC 5280 §4.1.2.4 "MUST use UTF8String" for new certificates), except the
 * attributes X.520 fixes to another type — countryName and serialNumber as PrintableString, emailAddress and
 * domainComponent as IA5String — as Bouncy Castle's {@link BCStyle} encodes them.
 *
 * <p>Two spellings are accepted: RFC 4514 ({@code CN=gw1, O=Example, C=CN}, most specific first, as printed by
 * Java and most tools) and OpenSSL's {@code -subj} form ({@code /C=CN/O=Example/CN=gw1}, in encoding order). Both give
 * the same DER: C, then O, then CN.
 */
public final class DistinguishedNames {
    private DistinguishedNames() {
    }

    public static X500Name parse(String name) {
        String s = name.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty distinguished name");
        }
        List<RDN> rdns = new ArrayList<>();
        try {
            if (s.startsWith("/")) {
                for (String part : s.substring(1).split("(?<!\\\\)/")) {
                    if (part.isBlank()) {
                        throw new IllegalArgumentException("empty attribute in '" + name + "'");
                    }
                    Collections.addAll(rdns, IETFUtils.rDNsFromString(part, BCStyle.INSTANCE));
                }
            } else {
                Collections.addAll(rdns, IETFUtils.rDNsFromString(s, BCStyle.INSTANCE));
                // RFC 4514 §2.1: the string lists the RDNs last-to-first relative to the DER SEQUENCE.
                Collections.reverse(rdns);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a distinguished name: '" + name + "' (" + e.getMessage()
                    + "); write it as CN=name, O=organisation, C=CN or /C=CN/O=organisation/CN=name", e);
        }
        return new X500Name(BCStyle.INSTANCE, rdns.toArray(RDN[]::new));
    }

    /** A name with just a commonName, for a server named by its host name. */
    public static X500Name commonName(String cn) {
        return new X500Name(BCStyle.INSTANCE, new RDN[] {new RDN(BCStyle.CN, BCStyle.INSTANCE.stringToValue(BCStyle.CN, cn))});
    }
}
