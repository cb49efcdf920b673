package io.gmgw.sslvpn.tls;

import java.security.AlgorithmParameterGenerator;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertStoreParameters;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.ExemptionMechanism;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Where Bouncy Castle's TLS gets its JCA objects: from the JDK's own providers first (SunJCE's AES-GCM runs on the
 * AES-NI and CLMUL intrinsics; SunEC's P-256 and X25519 are constant-time and intrinsified), and only for what
 * they lack (ChaCha20 as Bouncy Castle names it, "ChaCha7539" with a separate "Poly1305") from a private Bouncy Castle
 * provider instance. Nothing is registered process-wide: the providers are asked for by instance.
 *
 * <p>Bouncy Castle's default helper would take the JCA's provider order instead, which a Bouncy Castle provider
 * inserted first anywhere in the process would silently turn into Bouncy Castle's table-driven AES-GCM;
 * docs/benchmarks.md has the difference.
 */
public final class JdkFirstJcaJceHelper implements JcaJceHelper {
    /** The JDK's providers that hold TLS's primitives, in the order they are asked. */
    static final List<String> JDK_PROVIDERS = List.of("SunJCE", "SunEC", "SunRsaSign", "SUN");

    private final List<Provider> providers;

    public JdkFirstJcaJceHelper() {
        List<Provider> list = new ArrayList<>();
        for (String name : JDK_PROVIDERS) {
            Provider p = Security.getProvider(name);
            if (p != null) {
                list.add(p);
            }
        }
        list.add(new BouncyCastleProvider());
        this.providers = List.copyOf(list);
    }

    /** The provider that would serve {@code type}/{@code algorithm} (for tests and the benchmark's report). */
    public Provider providerFor(String type, String algorithm) {
        for (Provider p : providers) {
            if (p.getService(type, algorithm) != null) {
                return p;
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface Factory<T> {
        T create(Provider provider) throws GeneralSecurityException;
    }

    /** The object from the first provider that has it; the last provider's refusal when none has. */
    private <T> T first(Factory<T> factory) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (Provider p : providers) {
            try {
                return factory.create(p);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static NoSuchAlgorithmException nsa(GeneralSecurityException e) {
        return e instanceof NoSuchAlgorithmException n ? n : new NoSuchAlgorithmException(e.getMessage(), e);
    }

    @Override
    public Cipher createCipher(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> Cipher.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public Mac createMac(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> Mac.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> KeyAgreement.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public AlgorithmParameterGenerator createAlgorithmParameterGenerator(String algorithm)
            throws NoSuchAlgorithmException {
        try {
            return first(p -> AlgorithmParameterGenerator.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public AlgorithmParameters createAlgorithmParameters(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> AlgorithmParameters.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public KeyGenerator createKeyGenerator(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> KeyGenerator.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> KeyFactory.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public SecretKeyFactory createSecretKeyFactory(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> SecretKeyFactory.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public KeyPairGenerator createKeyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> KeyPairGenerator.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public MessageDigest createDigest(String algorithm) throws NoSuchAlgorithmException {
        return createMessageDigest(algorithm);
    }

    @Override
    public MessageDigest createMessageDigest(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> MessageDigest.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> Signature.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public CertificateFactory createCertificateFactory(String algorithm) throws CertificateException {
        try {
            return first(p -> CertificateFactory.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw e instanceof CertificateException c ? c : new CertificateException(e.getMessage(), e);
        }
    }

    @Override
    public SecureRandom createSecureRandom(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> SecureRandom.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public CertPathBuilder createCertPathBuilder(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> CertPathBuilder.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public CertPathValidator createCertPathValidator(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> CertPathValidator.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public CertStore createCertStore(String type, CertStoreParameters parameters) throws NoSuchAlgorithmException {
        try {
            return first(p -> CertStore.getInstance(type, parameters, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public ExemptionMechanism createExemptionMechanism(String algorithm) throws NoSuchAlgorithmException {
        try {
            return first(p -> ExemptionMechanism.getInstance(algorithm, p));
        } catch (GeneralSecurityException e) {
            throw nsa(e);
        }
    }

    @Override
    public KeyStore createKeyStore(String type) throws KeyStoreException {
        try {
            return first(p -> KeyStore.getInstance(type, p));
        } catch (GeneralSecurityException e) {
            throw e instanceof KeyStoreException k ? k : new KeyStoreException(e.getMessage(), e);
        }
    }
}
