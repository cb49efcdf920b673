package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * Certificate payload (RFC 2408 §3.9): the encoding byte and the certificate data. The GM profile sends the SM2
 * signing certificate with encoding {@value #X509_SIGNATURE} and the encryption certificate with
 * {@value #X509_KEY_EXCHANGE}, both X.509 DER (ipsec.md §3 [A], RFC 2408's code points reused).
 */
public record Certificate(int encoding, Octets data) implements Payload {
    public static final int PKCS7 = 1;
    public static final int PGP = 2;
    public static final int DNS_SIGNED_KEY = 3;
    public static final int X509_SIGNATURE = 4;
    public static final int X509_KEY_EXCHANGE = 5;
    public static final int KERBEROS_TOKENS = 6;
    public static final int CRL = 7;
    public static final int ARL = 8;
    public static final int SPKI = 9;
    public static final int X509_ATTRIBUTE = 10;

    public Certificate {
        Fields.u8("certificate encoding", encoding);
        java.util.Objects.requireNonNull(data, "data");
    }

    /** RFC 2408 §3.9 defines encodings 1 to 10; the decoder refuses others with INVALID-CERT-ENCODING. */
    public static boolean defined(int encoding) {
        return encoding >= PKCS7 && encoding <= X509_ATTRIBUTE;
    }

    @Override
    public PayloadType type() {
        return PayloadType.CERTIFICATE;
    }
}
