package io.gmgw.ipsec.ike.keys;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A JCA HMAC and digest (the JDK's SunJCE/SUN providers; no provider is installed process-wide). */
final class JcaPrf implements IkePrf {
    private final String hmac;
    private final String digest;
    private final int length;

    JcaPrf(String hmac, String digest) {
        this.hmac = hmac;
        this.digest = digest;
        try {
            this.length = Mac.getInstance(hmac).getMacLength();
            if (MessageDigest.getInstance(digest).getDigestLength() != length) {
                throw new IllegalArgumentException(hmac + " and " + digest + " differ in output length");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("no JCA " + hmac + " / " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public byte[] prf(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(hmac);
            // RFC 2104 allows an empty key, SecretKeySpec does not: one zero byte is the same HMAC key, since HMAC
            // pads every key with zeros to the block length.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, hmac));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] hash(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance(digest);
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(digest + " failed: " + e.getMessage(), e);
        }
    }
}
