package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

/** RFC 6125 / RFC 5280 matching of the name a client expects against a server certificate's identifiers. */
class ReferenceIdentityTest {
    private static final TestPki PKI = new TestPki("reference-identity");

    /** A certificate issued by the test CA with {@code hosts} as subjectAltName (IP literals become iPAddress). */
    private static Sm2Certificate issued(String cn, String... hosts) {
        return PKI.caIssuer.issue(CertificateProfile.SIGNING, DistinguishedNames.parse("CN=" + cn), PKI.serverSignKey
                .publicKey(), List.of(hosts), Duration.ofDays(30));
    }

    /** A certificate with exactly these subjectAltNames, built by hand (gmgw's issuer would not write some of them). */
    private static Sm2Certificate crafted(String cn, GeneralName... names) {
        Crafted c = Crafted.certificate(PKI.ca.subject(), "CN=" + cn, PKI.serverSignKey.publicKey(),
                TestPki.ISSUED_AT, TestPki.ISSUED_AT.plus(Duration.ofDays(30)));
        if (names.length > 0) {
            c.extension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return c.signedBy(PKI.caKey);
    }

    private static boolean matches(String reference, Sm2Certificate c) {
        return ReferenceIdentity.of(reference).matches(c);
    }

    @Test
    void ipAddressesAreWrittenAsIpAddressNamesAndMatchOnlyThose() {
        Sm2Certificate c = issued("gw", "gw.example.test", "127.0.0.1", "::1", "2001:DB8:0:0:1:0:0:1");
        assertEquals(List.of("gw.example.test"), c.dnsNames(), "IP literals are not DNS names");
        assertEquals(List.of("127.0.0.1", "::1", "2001:db8::1:0:0:1"), c.ipAddresses(), "RFC 5952 text");
        assertTrue(matches("127.0.0.1", c));
        assertTrue(matches("::1", c));
        assertTrue(matches("[::1]", c), "brackets as in HOST:PORT");
        assertTrue(matches("0:0:0:0:0:0:0:1", c), "the same octets written out");
        assertTrue(matches("2001:db8:0:0:1::1", c));
        assertFalse(matches("127.0.0.2", c));
        assertFalse(matches("::2", c));
        assertTrue(matches("gw.example.test", c));
    }

    @Test
    void anIpReferenceNeverMatchesADnsNameOrTheCommonName() {
        Sm2Certificate dnsOnly = crafted("127.0.0.1", new GeneralName(GeneralName.dNSName, "127.0.0.1"));
        assertFalse(matches("127.0.0.1", dnsOnly), "an IP written as a dNSName does not count");
        Sm2Certificate cnOnly = crafted("127.0.0.1");
        assertFalse(matches("127.0.0.1", cnOnly), "nor an IP in the common name");
        assertFalse(matches("localhost", crafted("x", new GeneralName(GeneralName.iPAddress, "127.0.0.1"))),
                "and a DNS reference never matches an iPAddress");
    }

    @Test
    void dnsNamesMatchCaseInsensitivelyWithoutTrailingDot() {
        Sm2Certificate c = crafted("x", new GeneralName(GeneralName.dNSName, "VPN.Example.Test."));
        assertTrue(matches("vpn.example.test", c));
        assertTrue(matches("vpn.EXAMPLE.test.", c));
        assertFalse(matches("example.test", c));
        assertFalse(matches("vpn.example.test.evil", c));
    }

    @Test
    void aWildcardIsOneWholeLeftMostLabel() {
        Sm2Certificate c = crafted("x", new GeneralName(GeneralName.dNSName, "*.example.test"));
        assertTrue(matches("vpn.example.test", c));
        assertFalse(matches("example.test", c), "the wildcard stands for one label, not none");
        assertFalse(matches("a.vpn.example.test", c), "nor for two");
        assertFalse(matches(".example.test", c));
        assertFalse(matches("vpn.example.test", crafted("x", new GeneralName(GeneralName.dNSName, "v*.example.test"))),
                "partial-label wildcards are not honoured");
        assertFalse(matches("vpn.example.test", crafted("x", new GeneralName(GeneralName.dNSName, "vpn.*.test"))),
                "nor wildcards below the left-most label");
        assertFalse(matches("example.test", crafted("x", new GeneralName(GeneralName.dNSName, "*.test"))),
                "nor a wildcard over a single remaining label");
        assertThrows(IllegalArgumentException.class, () -> ReferenceIdentity.of("*.example.test"),
                "the reference is one host, never a pattern");
    }

    @Test
    void theCommonNameCountsOnlyWithoutAnyDnsName() {
        assertTrue(matches("legacy.example.test", crafted("legacy.example.test")), "no subjectAltName at all");
        assertTrue(matches("legacy.example.test", crafted("legacy.example.test",
                new GeneralName(GeneralName.iPAddress, "192.0.2.1"))), "only an IP address beside it");
        assertFalse(matches("legacy.example.test", crafted("legacy.example.test",
                new GeneralName(GeneralName.dNSName, "other.example.test"))), "a dNSName replaces the CN");
    }

    @Test
    void theCertificateShowsWhatItPresents() {
        Sm2Certificate c = issued("gw", "gw.example.test", "192.0.2.7");
        assertEquals("DNS [gw.example.test], IP [192.0.2.7]", ReferenceIdentity.presentedBy(c));
        assertEquals("DNS [], IP [], common name legacy", ReferenceIdentity.presentedBy(crafted("legacy")));
        assertEquals("IP address 192.0.2.7", ReferenceIdentity.of("192.0.2.7").describe());
        assertEquals("DNS name gw.example.test", ReferenceIdentity.of("GW.example.test.").describe());
        Sm2Certificate odd = crafted("x", new GeneralName(GeneralName.iPAddress,
                new DEROctetString(new byte[] {10, 0, 0, 0, (byte) 255, 0, 0, 0})));
        assertEquals(List.of("#0a000000ff000000"), odd.ipAddresses(), "an address with a mask is no address");
        assertFalse(matches("10.0.0.0", odd));
    }
}
