package io.gmgw.crypto.pki;

import io.gmgw.crypto.TlcpTranscripts;
import io.gmgw.crypto.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The certificate chains written by other implementations: the GmSSL test PKI under {@code vectors/gmssl-pki/} and
 * the chains in every TLCP transcript (root → "Test TLCP CA" → a signing or encryption leaf).
 */
final class ThirdPartyChains {
    record Chain(String source, Sm2Certificate root, Sm2Certificate ca, Sm2Certificate leaf, CertificatePurpose purpose) {
        @Override
        public String toString() {
            return source;
        }
    }

    private ThirdPartyChains() {
    }

    static List<Chain> all() {
        List<Chain> out = new ArrayList<>();
        Sm2Certificate root = gmssl("root_cert.pem");
        Sm2Certificate ca = gmssl("ca_cert.pem");
        out.add(new Chain("gmssl-pki server_sign", root, ca, gmssl("server_sign_cert.pem"), CertificatePurpose.SIGNING));
        out.add(new Chain("gmssl-pki server_enc", root, ca, gmssl("server_enc_cert.pem"), CertificatePurpose.ENCRYPTION));
        out.add(new Chain("gmssl-pki client", root, ca, gmssl("client_cert.pem"), CertificatePurpose.SIGNING));
        out.add(new Chain("gmssl-pki client_enc", root, ca, gmssl("client_enc_cert.pem"), CertificatePurpose.ENCRYPTION));
        for (String name : TlcpTranscripts.NAMES) {
            Map<String, String> pem = TlcpTranscripts.pemFields(name);
            Sm2Certificate r = one(pem.get("root_cert_pem"));
            Sm2Certificate c = one(pem.get("ca_cert_pem"));
            for (String leaf : List.of("server_sign", "server_enc", "client_sign", "client_enc")) {
                String field = leaf + "_cert_pem";
                if (pem.containsKey(field)) {
                    out.add(new Chain(name + " " + leaf, r, c, one(pem.get(field)),
                            leaf.endsWith("sign") ? CertificatePurpose.SIGNING : CertificatePurpose.ENCRYPTION));
                }
            }
        }
        return out;
    }

    static Sm2Certificate gmssl(String file) {
        return one(Vectors.text("gmssl-pki/" + file));
    }

    private static Sm2Certificate one(String pem) {
        List<Sm2Certificate> certs = Sm2Certificate.fromPem(pem);
        if (certs.size() != 1) {
            throw new AssertionError("expected one certificate, got " + certs.size());
        }
        return certs.get(0);
    }
}
