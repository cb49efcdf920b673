package io.gmgw.ipsec.ike.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.ike.config.EnvelopeCredentials;
import io.gmgw.ipsec.ike.config.Phase1Config;
import io.gmgw.ipsec.ike.config.Phase1Proposal;
import io.gmgw.ipsec.ike.config.RetransmitPolicy;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Phase1Attributes;
import io.gmgw.ipsec.isakmp.payload.DataAttribute;
import io.gmgw.ipsec.isakmp.payload.Transform;
import io.gmgw.ipsec.profile.WireProfiles;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GM envelope's configuration and proposal: the transform reads back, a GM transform without the key length is
 * SM4's 128 bits, RSA envelopes are not supported, profiles and credentials that do not fit are refused up front; and
 * the common retransmission machinery serves the envelope message set (a lost message 4 recovered byte for byte).
 */
class GmEnvelopeConfigTest {
    private static final GmPki PKI = new GmPki("gm-config");
    private static final GmPki.Party LEFT = PKI.party("gw-left");
    private static final GmPki.Party RIGHT = PKI.party("gw-right");

    @Test
    void theGmTransformReadsBack() {
        Phase1Proposal p = Phase1Proposal.sm4Sm3Sm2Envelope(7200);
        assertEquals(p, Phase1Proposal.fromTransform(p.transform(1)));
        Transform rsa = new Transform(1, Transform.KEY_IKE, List.of(
                DataAttribute.basic(Phase1Attributes.ENCRYPTION_ALGORITHM, Phase1Attributes.ENC_SM4),
                DataAttribute.basic(Phase1Attributes.HASH_ALGORITHM, Phase1Attributes.HASH_SM3),
                DataAttribute.basic(Phase1Attributes.AUTHENTICATION_METHOD, 10),
                DataAttribute.basic(Phase1Attributes.ASYMMETRIC_ALGORITHM, Phase1Attributes.ASYMMETRIC_RSA)));
        assertEquals(NotifyType.ATTRIBUTES_NOT_SUPPORTED, assertThrows(IkeNotifyException.class,
                () -> Phase1Proposal.fromTransform(rsa)).notifyType());
        assertThrows(IllegalArgumentException.class, () -> new Phase1Proposal(Phase1Attributes.ENC_SM4, 128,
                Phase1Attributes.HASH_SM3, Phase1Attributes.AUTH_PRE_SHARED_KEY, 0, 3600));
    }

    @Test
    void profilesProposalsAndCredentialsMustFit() {
        Phase1Config gm = PKI.config(true, LEFT, PKI.verifier());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Phase1Config(
                GmPki.profile(), gm.proposals(), "psk".getBytes(StandardCharsets.US_ASCII), gm.localId(), null,
                gm.local(), gm.remote(), false, RetransmitPolicy.DEFAULT));
        assertTrue(e.getMessage().contains("double certificate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Phase1Config.envelope(WireProfiles.builtIn()
                .require("rfc2409"), gm.proposals(), gm.envelope().orElseThrow(), gm.localId(), null, gm.local(),
                gm.remote(), false, RetransmitPolicy.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> Phase1Config.envelope(GmPki.profile(),
                List.of(Phase1Proposal.aes128Sha256Modp2048Psk(3600)), gm.envelope().orElseThrow(), gm.localId(),
                null, gm.local(), gm.remote(), false, RetransmitPolicy.DEFAULT));
        // the encryption key must be the encryption certificate's, and that certificate an encryption one
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeCredentials(LEFT.signingKey(),
                LEFT.signing(), RIGHT.encryptionKey(), LEFT.encryption(), PKI.verifier(), PKI.module));
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeCredentials(LEFT.signingKey(),
                LEFT.signing(), LEFT.encryptionKey(), PKI.signingUsageFor(LEFT), PKI.verifier(), PKI.module));
    }

    @Test
    void aLostMessageFourIsRecoveredByRetransmission() {
        Wire w = GmMainModeTest.wire(PKI.config(true, LEFT, PKI.verifier()), PKI.config(false, RIGHT,
                PKI.verifier()));
        w.drop = (fromLeft, i) -> !fromLeft && i == 1;
        w.run(true, w.left.initiate(GmPki.T0), GmPki.T0);
        assertTrue(w.left.establishedSa().isEmpty());
        Instant later = w.left.deadline().orElseThrow();
        w.tick(later);
        assertTrue(w.left.establishedSa().isPresent(), w.leftEvents::toString);
        assertEquals(4, w.rightSent.size(), "messages 2, 4, 4 again, 6");
        assertTrue(java.util.Arrays.equals(w.rightSent.get(1), w.rightSent.get(2)), "the same bytes again");
        GmMainModeTest.assertSameKeys(w.left.establishedSa().orElseThrow(), w.right.establishedSa().orElseThrow());
    }
}
