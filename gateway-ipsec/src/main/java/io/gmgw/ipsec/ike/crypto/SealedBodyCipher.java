package io.gmgw.ipsec.ike.crypto;

import io.gmgw.crypto.sm4.Sm4;
import io.gmgw.crypto.sm4.Sm4Cbc;
import io.gmgw.crypto.sm4.Sm4Ecb;
import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.profile.XchBodyCipher;
import java.util.Arrays;
import java.util.Objects;

/**
 * The NONCE and ID bodies of GM main-mode messages 3 and 4, encrypted under the fresh key Sk (ipsec.md §2) as the wire
 * profile's {@code xch.body-cipher} says: SM4-CBC with an all-zero IV or SM4-ECB. Nothing outside the ciphertext says
 * how long the body was, so it is padded as RFC 2409 appendix B pads: zero bytes and a last byte counting them, always
 * at least that byte. A body that does not decrypt to that shape is PAYLOAD-MALFORMED (most likely Sk is wrong).
 */
public final class SealedBodyCipher {
    private static final int BLOCK = Sm4.BLOCK_LENGTH;

    private final Sm4 sm4;
    private final XchBodyCipher mode;

    public SealedBodyCipher(Sm4 sm4, XchBodyCipher mode) {
        this.sm4 = Objects.requireNonNull(sm4, "sm4");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public byte[] seal(byte[] sk, byte[] body) {
        int padded = (body.length / BLOCK + 1) * BLOCK;
        byte[] plain = Arrays.copyOf(body, padded);
        plain[padded - 1] = (byte) (padded - body.length - 1);
        byte[] out = new byte[padded];
        try {
            crypt(true, sk, plain, out);
            return out;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public byte[] open(byte[] sk, byte[] ciphertext, String what) {
        if (ciphertext.length == 0 || ciphertext.length % BLOCK != 0) {
            throw new IkeNotifyException(NotifyType.PAYLOAD_MALFORMED, "the sealed " + what + " body of "
                    + ciphertext.length + " bytes is not a whole number of 16-byte SM4 blocks");
        }
        byte[] plain = new byte[ciphertext.length];
        crypt(false, sk, ciphertext, plain);
        try {
            int pad = plain[plain.length - 1] & 0xff;
            boolean ok = pad < BLOCK && pad + 1 <= plain.length;
            for (int i = plain.length - 1 - pad; ok && i < plain.length - 1; i++) {
                ok = plain[i] == 0;
            }
            if (!ok) {
                throw new IkeNotifyException(NotifyType.PAYLOAD_MALFORMED, "the sealed " + what + " body does not "
                        + "decrypt under Sk to a padded body (a wrong Sk, or another xch.body-cipher than "
                        + mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ")");
            }
            return Arrays.copyOf(plain, plain.length - 1 - pad);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private void crypt(boolean encrypt, byte[] sk, byte[] in, byte[] out) {
        switch (mode) {
            case SM4_CBC_ZERO_IV -> {
                Sm4Cbc cbc = sm4.cbc(sk);
                try {
                    byte[] iv = new byte[BLOCK];
                    if (encrypt) {
                        cbc.encrypt(iv, 0, in, 0, in.length, out, 0);
                    } else {
                        cbc.decrypt(iv, 0, in, 0, in.length, out, 0);
                    }
                } finally {
                    cbc.destroy();
                }
            }
            case SM4_ECB -> {
                Sm4Ecb ecb = sm4.ecb(sk);
                try {
                    if (encrypt) {
                        ecb.encrypt(in, 0, in.length, out, 0);
                    } else {
                        ecb.decrypt(in, 0, in.length, out, 0);
                    }
                } finally {
                    ecb.destroy();
                }
            }
        }
    }
}
