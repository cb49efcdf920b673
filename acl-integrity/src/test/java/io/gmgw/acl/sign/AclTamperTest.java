package io.gmgw.acl.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclSamples;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Single-byte changes: of the ACL (every byte of a small file, a sample of a large one) always give
 * {@link AclVerdict#SIGNATURE_INVALID} (exit 1); of the CMS signature (every byte) never give VALID — they are a bad
 * signature (1), a certificate that no longer chains (2) or an unreadable structure (4).
 */
class AclTamperTest {
    private static final byte[] SMALL = ("*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\n"
            + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n").getBytes(StandardCharsets.US_ASCII);

    @Test
    void everyByteOfASmallAclChangedIsABadSignature() {
        byte[] cms = SigningFixture.sign(SMALL).cms();
        assertEquals(AclVerdict.VALID, SigningFixture.verify(SMALL, cms).verdict());
        for (int i = 0; i < SMALL.length; i++) {
            for (int bit : new int[] {0x01, 0x20, 0x80}) {
                byte[] t = SMALL.clone();
                t[i] ^= (byte) bit;
                AclVerification r = SigningFixture.verify(t, cms);
                int at = i;
                assertEquals(AclVerdict.SIGNATURE_INVALID, r.verdict(), () -> "byte " + at + " ^ " + bit);
            }
        }
    }

    @Test
    void sampledBytesOfALargeAclChangedAreABadSignature() {
        byte[] large = AclSamples.nftables(5000, 11);
        byte[] cms = SigningFixture.sign(large).cms();
        SplittableRandom r = new SplittableRandom(42);
        for (int n = 0; n < 300; n++) {
            byte[] t = large.clone();
            int i = r.nextInt(t.length);
            t[i] ^= (byte) (1 << r.nextInt(8));
            assertEquals(AclVerdict.SIGNATURE_INVALID, SigningFixture.verify(t, cms).verdict(), "byte " + i);
        }
        // Deleting or appending a byte, too.
        assertEquals(AclVerdict.SIGNATURE_INVALID, SigningFixture.verify(java.util.Arrays.copyOf(large,
                large.length - 1), cms).verdict());
        assertEquals(AclVerdict.SIGNATURE_INVALID, SigningFixture.verify(java.util.Arrays.copyOf(large,
                large.length + 1), cms).verdict());
    }

    @Test
    void everyByteOfTheSignatureChangedIsDetected() {
        byte[] cms = SigningFixture.sign(SMALL).cms();
        Map<AclVerdict, Integer> seen = new EnumMap<>(AclVerdict.class);
        for (int i = 0; i < cms.length; i++) {
            byte[] t = cms.clone();
            t[i] ^= 0x01;
            AclVerdict v = SigningFixture.verify(SMALL, t).verdict();
            int at = i;
            assertTrue(Set.of(AclVerdict.SIGNATURE_INVALID, AclVerdict.CERTIFICATE, AclVerdict.MALFORMED).contains(v),
                    () -> "byte " + at + " of the signature changed gave " + v);
            seen.merge(v, 1, Integer::sum);
        }
        assertEquals(3, seen.size(), seen.toString());
    }
}
