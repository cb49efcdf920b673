package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.cms.CmsSignedData;
import io.gmgw.crypto.cms.CmsSigner;
import io.gmgw.crypto.core.MalformedEncodingException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a refused encoding's message says is read by operators: it may quote the parser's reason, never a Java class
 * name (Bouncy Castle's ASN.1 messages carry them, and so does an exception's toString()). Checked on inputs of the
 * wrong type and on every one-bit change of a good certificate, CRL, request and CMS signature.
 */
class MalformedMessagesTest {
    private static final TestPki PKI = new TestPki("malformed-messages");
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z]\\w*|Exception\\b");

    private static final Map<String, Function<byte[], ?>> PARSERS = Map.of(
            "certificate", Sm2Certificate::fromDer,
            "CRL", Sm2Crl::fromDer,
            "request", Sm2CertificationRequest::fromDer,
            "CMS", CmsSignedData::parse);

    @Test
    void wrongTypesAreRefusedInPlainWords() {
        byte[] crl = new CrlIssuer(PKI.module, PKI.ca, PKI.caKey).issue(BigInteger.ONE, Duration.ofDays(30), List.of())
                .encoded();
        List<byte[]> inputs = List.of(
                HexFormat.of().parseHex("020105"),           // INTEGER 5
                HexFormat.of().parseHex("3003020105"),       // SEQUENCE { INTEGER 5 }
                HexFormat.of().parseHex("300a"),             // a SEQUENCE cut short
                HexFormat.of().parseHex("0500"),             // NULL
                "hello, world".getBytes(StandardCharsets.US_ASCII),
                PKI.root.encoded(), crl, new byte[0]);
        int refused = 0;
        for (var parser : PARSERS.entrySet()) {
            for (byte[] input : inputs) {
                try {
                    parser.getValue().apply(input);
                } catch (MalformedEncodingException e) {
                    refused++;
                    assertPlain(parser.getKey(), input, e);
                }
            }
        }
        assertTrue(refused >= 4 * 6, "refused " + refused);
    }

    @Test
    void everyOneBitChangeIsRefusedInPlainWords() {
        byte[] crl = new CrlIssuer(PKI.module, PKI.ca, PKI.caKey).issue(BigInteger.TWO, Duration.ofDays(30), List.of())
                .encoded();
        byte[] request = Sm2CertificationRequest.create(PKI.serverSignKey, DistinguishedNames.parse("CN=gw, O=gmgw"),
                List.of("gw.example.test")).encoded();
        byte[] cms = new CmsSigner(PKI.module, PKI.serverSignKey, List.of(PKI.serverSign, PKI.ca))
                .signDetached("acl".getBytes(StandardCharsets.US_ASCII));
        int refused = 0;
        for (var input : Map.of("certificate", PKI.serverSign.encoded(), "CRL", crl, "request", request, "CMS", cms)
                .entrySet()) {
            for (byte[] m : mutations(input.getValue())) {
                try {
                    PARSERS.get(input.getKey()).apply(m);
                } catch (MalformedEncodingException e) {
                    refused++;
                    assertPlain(input.getKey(), m, e);
                }
            }
        }
        assertTrue(refused > 1000, "refused " + refused);
    }

    @Test
    void aParsersClassNameBecomesWords() {
        MalformedEncodingException e = MalformedEncodingException.of("not a DER X.509 certificate",
                new IllegalArgumentException("unknown object in getInstance: org.bouncycastle.asn1.ASN1Integer"));
        assertEquals("not a DER X.509 certificate: an ASN.1 element of an unexpected type", e.getMessage());
        assertEquals("not a DER X.509 CRL: sequence wrong size for CertificateList", MalformedEncodingException
                .of("not a DER X.509 CRL", new IllegalArgumentException("sequence wrong size for CertificateList"))
                .getMessage());
        assertEquals("malformed PEM", MalformedEncodingException.of("malformed PEM", new RuntimeException())
                .getMessage());
        assertFalse(CLASS_NAME.matcher(e.getMessage()).find());
        assertTrue(e.getCause() instanceof IllegalArgumentException, "the parser's exception stays the cause");
    }

    private static void assertPlain(String parser, byte[] input, MalformedEncodingException e) {
        assertFalse(CLASS_NAME.matcher(e.getMessage()).find(), () -> parser + " refused "
                + HexFormat.of().formatHex(input, 0, Math.min(input.length, 16)) + "... with: " + e.getMessage());
    }

    private static List<byte[]> mutations(byte[] der) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < der.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] m = der.clone();
                m[i] ^= (byte) bit;
                out.add(m);
            }
        }
        return out;
    }
}
