package io.gmgw.crypto.sm2;

import io.gmgw.crypto.core.InvalidKeyMaterialException;
import java.math.BigInteger;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * An SM2 private key d, 1 ≤ d ≤ n − 2 (GB/T 32918.1-2016 §6.1: d = n − 1 has no (1 + d)⁻¹ and cannot sign).
 *
 * <p>The scalar is held as a byte array and wiped by {@link #destroy()}; the {@code BigInteger}s that operations build
 * from it are immutable, so the JVM cannot wipe those: they live only for the duration of one operation.
 * Only software key handles hold these; token keys never become one.
 */
public final class Sm2PrivateKey implements Destroyable {
    private final Sm2Domain domain;
    private final byte[] d;
    private volatile Sm2PublicKey publicKey;
    private volatile boolean destroyed;

    private Sm2PrivateKey(Sm2Domain domain, byte[] d) {
        this.domain = domain;
        this.d = d;
    }

    /** A private key on sm2p256v1 from its big-endian scalar (leading zeros allowed, at most 32 significant bytes). */
    public static Sm2PrivateKey fromScalar(byte[] scalar) {
        return fromScalar(Sm2Domain.SM2P256V1, scalar);
    }

    public static Sm2PrivateKey fromScalar(Sm2Domain domain, byte[] scalar) {
        return fromScalar(domain, new BigInteger(1, scalar));
    }

    static Sm2PrivateKey fromScalar(Sm2Domain domain, BigInteger value) {
        BigInteger nMinus2 = domain.order().subtract(BigInteger.TWO);
        if (value.signum() <= 0 || value.compareTo(nMinus2) > 0) {
            throw new InvalidKeyMaterialException("SM2 private key is out of range: it must lie in [1, n-2] of "
                    + domain.name());
        }
        return new Sm2PrivateKey(domain, BigIntegers.asUnsignedByteArray(domain.fieldBytes(), value));
    }

    public Sm2Domain domain() {
        return domain;
    }

    /** The public key d·G, computed once (fixed-point comb, regular in the scalar). */
    public Sm2PublicKey publicKey() {
        Sm2PublicKey pk = publicKey;
        if (pk == null) {
            pk = Sm2PublicKey.fromPoint(domain,
                    new FixedPointCombMultiplier().multiply(domain.parameters().getG(), scalar()));
            publicKey = pk;
        }
        return pk;
    }

    /** A copy of the 32-byte scalar, for writing the key to a file. The caller wipes it. */
    public byte[] scalarBytes() {
        requireLive();
        return d.clone();
    }

    BigInteger scalar() {
        requireLive();
        return new BigInteger(1, d);
    }

    ECPrivateKeyParameters toBc() {
        return new ECPrivateKeyParameters(scalar(), domain.parameters());
    }

    @Override
    public void destroy() {
        Arrays.fill(d, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void requireLive() {
        if (destroyed) {
            throw new IllegalStateException("SM2 private key has been destroyed");
        }
    }

    @Override
    public String toString() {
        return "Sm2PrivateKey[" + domain.name() + (destroyed ? ", destroyed" : "") + "]";
    }
}
