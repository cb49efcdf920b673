package io.gmgw.ipsec.ike.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.Vectors;
import io.gmgw.ipsec.isakmp.IpsecAttributes;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.ProtocolId;
import io.gmgw.ipsec.isakmp.codec.IsakmpLimits;
import io.gmgw.ipsec.isakmp.codec.PayloadBodyDecoder;
import io.gmgw.ipsec.isakmp.payload.DataAttribute;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.Nonce;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.Proposal;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import io.gmgw.ipsec.isakmp.payload.Transform;
import io.gmgw.ipsec.profile.QuickModeHashInput;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GM envelope key schedule (ipsec.md §4, HMAC-SM3 / SM3 through gm-crypto) against vectors the OpenSSL CLI
 * computed from the formulas (vectors/gm-key-schedule.py, README.md there): SKEYID from the nonces and cookies,
 * SKEYID_d/a/e without g^xy, Ka, the phase-1 IV from Sk_i/Sk_r, HASH_I/HASH_R, and quick mode's IV, HASH(1) in
 * both SA forms, HASH(2), HASH(3) and KEYMAT.
 */
class GmKeyScheduleTest {
    static Properties v;
    static IkePrf prf;

    @BeforeAll
    static void load() {
        v = Vectors.properties("gm-key-schedule.txt");
        prf = IkePrf.sm3(TestModules.deterministic("ipsec-keys").sm3());
    }

    private static byte[] x(String key) {
        return Vectors.hex(v, key);
    }

    @Test
    void phaseOne() {
        Phase1KeySchedule p1 = new Phase1KeySchedule(prf);
        byte[] skeyid = p1.skeyidFromNonces(x("ni_b"), x("nr_b"), x("cky_i"), x("cky_r"));
        assertArrayEquals(x("skeyid"), skeyid);
        Phase1Keys keys = p1.derive(skeyid, new byte[0], x("cky_i"), x("cky_r"));
        assertArrayEquals(x("skeyid_d"), keys.skeyidD());
        assertArrayEquals(x("skeyid_a"), keys.skeyidA());
        assertArrayEquals(x("skeyid_e"), keys.skeyidE());
        assertArrayEquals(x("ka"), p1.encryptionKey(keys.skeyidE(), 16));
        assertArrayEquals(x("phase1_iv"), p1.initialIv(x("sk_i"), x("sk_r"), 16));
        byte[] none = new byte[0];
        assertArrayEquals(x("hash_i"), p1.hashI(keys.skeyid(), none, none, x("cky_i"), x("cky_r"), x("sai_b"),
                x("idii_b")));
        assertArrayEquals(x("hash_r"), p1.hashR(keys.skeyid(), none, none, x("cky_r"), x("cky_i"), x("sai_b"),
                x("idir_b")));
        // the vector's SAi_b is what our encoder writes for the GM phase 1 proposal: checked by decoding it
        assertEquals(SecurityAssociation.class, new PayloadBodyDecoder(IsakmpLimits.DEFAULT)
                .decode(PayloadType.SECURITY_ASSOCIATION, x("sai_b")).getClass());
        byte[] d = keys.skeyidD();
        keys.destroy();
        assertArrayEquals(new byte[32], d, "destroy() wipes the arrays it handed out");
        assertThrows(IllegalStateException.class, keys::skeyidA);
    }

    @Test
    void quickMode() {
        Phase1Keys keys = new Phase1KeySchedule(prf).derive(new Phase1KeySchedule(prf).skeyidFromNonces(x("ni_b"),
                x("nr_b"), x("cky_i"), x("cky_r")), new byte[0], x("cky_i"), x("cky_r"));
        Phase2KeySchedule p2 = new Phase2KeySchedule(prf);
        int mid = ByteBuffer.wrap(x("qm_message_id")).getInt();
        assertArrayEquals(x("qm_iv"), p2.iv(x("last_phase1_block"), mid, 16));
        SecurityAssociation sa = new SecurityAssociation(1, 1, List.of(new Proposal(1, ProtocolId.IPSEC_ESP,
                Octets.hex("c0ffee01"), List.of(new Transform(1, 129, List.of(
                        DataAttribute.basic(IpsecAttributes.SA_LIFE_TYPE, IpsecAttributes.LIFE_SECONDS),
                        DataAttribute.basic(IpsecAttributes.SA_LIFE_DURATION, 3600),
                        DataAttribute.basic(IpsecAttributes.ENCAPSULATION_MODE, IpsecAttributes.MODE_TUNNEL),
                        DataAttribute.basic(IpsecAttributes.AUTHENTICATION_ALGORITHM,
                                IpsecAttributes.AUTH_HMAC_SM3)))))));
        Identification idci = new Identification(Identification.IPV4_ADDR_SUBNET, 0, 0,
                Octets.hex("0a000100ffffff00"));
        Identification idcr = new Identification(Identification.IPV4_ADDR_SUBNET, 0, 0,
                Octets.hex("0a000200ffffff00"));
        List<Payload> initiator = List.of(sa, new Nonce(Octets.of(x("qm_ni_b"))), idci, idcr);
        assertArrayEquals(x("qm_hash1_sa_with_header"), p2.hash1(QuickModeHashInput.GM_NONCE_FIRST_SA_WITH_HEADER,
                keys.skeyidA(), mid, initiator));
        assertArrayEquals(x("qm_hash1_sa_body"), p2.hash1(QuickModeHashInput.GM_NONCE_FIRST_SA_BODY,
                keys.skeyidA(), mid, initiator));
        List<Payload> responder = List.of(sa, new Nonce(Octets.of(x("qm_nr_b"))), idci, idcr);
        assertArrayEquals(x("qm_hash2_sa_with_header"), p2.hash2(QuickModeHashInput.GM_NONCE_FIRST_SA_WITH_HEADER,
                keys.skeyidA(), mid, x("qm_ni_b"), responder));
        assertArrayEquals(x("qm_hash3"), p2.hash3(keys.skeyidA(), mid, x("qm_ni_b"), x("qm_nr_b")));
        assertArrayEquals(x("keymat_esp_48"), p2.keymat(keys.skeyidD(), new byte[0], ProtocolId.IPSEC_ESP,
                Octets.hex("c0ffee01").toByteArray(), x("qm_ni_b"), x("qm_nr_b"), 48));
    }

    /** RFC 2409 appendix B: a key longer than SKEYID_e is K1 | K2 | ..., K1 = prf(SKEYID_e, 0), Kn = prf(e, Kn-1). */
    @Test
    void aLongEncryptionKeyIsExpanded() {
        Phase1KeySchedule p1 = new Phase1KeySchedule(prf);
        byte[] e = x("skeyid_e");
        byte[] k1 = prf.prf(e, new byte[] {0});
        byte[] k2 = prf.prf(e, k1);
        byte[] key = p1.encryptionKey(e, 40);
        assertArrayEquals(k1, Arrays.copyOf(key, 32));
        assertArrayEquals(Arrays.copyOf(k2, 8), Arrays.copyOfRange(key, 32, 40));
    }
}
