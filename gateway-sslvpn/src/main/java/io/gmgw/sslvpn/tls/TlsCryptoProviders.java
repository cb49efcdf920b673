package io.gmgw.sslvpn.tls;

import java.security.SecureRandom;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The crypto under Bouncy Castle's TLS: {@link #jdkFirst} for the gateway (the JDK's AES-GCM with its intrinsics,
 * see {@link JdkFirstJcaJceHelper}), {@link #bouncyCastle} only to measure against (docs/benchmarks.md).
 *
 * <p>{@link JcaTlsCryptoProvider} takes one provider or the JCA's global order; a helper that picks per algorithm is
 * given to it by overriding {@link JcaTlsCryptoProvider#getHelper()}, which is what it builds every
 * {@link JcaTlsCrypto} with.
 */
public final class TlsCryptoProviders {
    private TlsCryptoProviders() {
    }

    /**
     * TLS crypto over the JDK's providers, Bouncy Castle only for what the JDK lacks; AES-GCM records through
     * {@link JceGcmCipher} ({@link GatewayTlsCrypto}).
     */
    public static JcaTlsCrypto jdkFirst(SecureRandom random) {
        return new GatewayTlsCrypto(new JdkFirstJcaJceHelper(), random);
    }

    /** As {@link #jdkFirst} with Bouncy Castle's own AES-GCM record cipher (the comparison in the benchmark). */
    public static JcaTlsCrypto jdkFirstBouncyCastleRecords(SecureRandom random) {
        JcaJceHelper helper = new JdkFirstJcaJceHelper();
        return new JcaTlsCryptoProvider() {
            @Override
            public JcaJceHelper getHelper() {
                return helper;
            }
        }.create(random);
    }

    /** TLS crypto entirely from a private Bouncy Castle provider instance (the comparison in the benchmark). */
    public static JcaTlsCrypto bouncyCastle(SecureRandom random) {
        return new JcaTlsCryptoProvider().setProvider(new BouncyCastleProvider()).create(random);
    }
}
