package io.gmgw.crypto.pki;

import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2Signer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * A Bouncy Castle {@link ContentSigner} that signs through a {@link Sm2Signer}, so certificates, CRLs and requests are
 * signed by a key in a file, an HSM or a smart key alike. The algorithm is SM3withSM2 (1.2.156.10197.1.501) with the
 * parameters field <em>absent</em>, as GM/T 0015-2012 profiles it (and OpenSSL writes it: the OID only, no NULL).
 *
 * <p>One instance signs one structure: BC's builders write the to-be-signed DER into {@link #getOutputStream()} and
 * then ask for {@link #getSignature()}. Not thread-safe; create one per signature.
 */
public final class Sm2ContentSigner implements ContentSigner {
    /** SM3withSM2 with no parameters (GM/T 0015; the absent-vs-NULL choice matters to strict DER comparisons). */
    public static final AlgorithmIdentifier ALGORITHM = new AlgorithmIdentifier(Sm2Certificate.SM3_WITH_SM2);

    private final Sm2Signer key;
    private final byte[] userId;
    private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

    /** Signs with the default SM2 user ID, as GM/T 0015 certificates and CRLs are signed. */
    public Sm2ContentSigner(Sm2Signer key) {
        this(key, Sm2.defaultUserId());
    }

    public Sm2ContentSigner(Sm2Signer key, byte[] userId) {
        this.key = Objects.requireNonNull(key, "key");
        this.userId = Objects.requireNonNull(userId, "userId").clone();
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return ALGORITHM;
    }

    @Override
    public OutputStream getOutputStream() {
        return tbs;
    }

    @Override
    public byte[] getSignature() {
        return key.sign(tbs.toByteArray(), userId);
    }
}
