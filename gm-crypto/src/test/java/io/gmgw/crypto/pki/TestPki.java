package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.ModuleState;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.SoftwareKeyHandle;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A PKI issued by gmgw's own issuer for tests: root → intermediate (pathLen 0) → a server double pair for
 * {@code vpn.example.test} and a client double pair for {@code CN=alice}. Everything is deterministic: the module's
 * DRBG is seeded from a string and its clock is fixed at {@link #ISSUED_AT}.
 */
final class TestPki {
    static final Instant ISSUED_AT = Instant.parse("2030-06-01T00:00:00Z");
    static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    static final Duration CA_VALIDITY = Duration.ofDays(1825);
    static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    static final String SERVER_NAME = "vpn.example.test";

    final CryptoModule module;
    final KeyHandle rootKey;
    final KeyHandle caKey;
    final KeyHandle serverSignKey;
    final KeyHandle serverEncKey;
    final KeyHandle clientSignKey;
    final KeyHandle clientEncKey;
    final Sm2Certificate root;
    final Sm2Certificate ca;
    final Sm2Certificate serverSign;
    final Sm2Certificate serverEnc;
    final Sm2Certificate clientSign;
    final Sm2Certificate clientEnc;
    final CertificateIssuer rootIssuer;
    final CertificateIssuer caIssuer;

    TestPki(String seed) {
        this(seed, "CN=gmgw Test Root, O=gmgw, C=CN");
    }

    TestPki(String seed, String rootName) {
        module = module(seed, ISSUED_AT);
        rootKey = newKey(module, "root");
        caKey = newKey(module, "ca");
        serverSignKey = newKey(module, "server-sign");
        serverEncKey = newKey(module, "server-enc");
        clientSignKey = newKey(module, "client-sign");
        clientEncKey = newKey(module, "client-enc");
        root = CertificateIssuer.selfSignedRoot(module, rootKey, DistinguishedNames.parse(rootName), ROOT_VALIDITY);
        rootIssuer = new CertificateIssuer(module, root, rootKey);
        ca = rootIssuer.intermediateCa(DistinguishedNames.parse("CN=gmgw Test Issuing CA, O=gmgw, C=CN"),
                caKey.publicKey(), CA_VALIDITY);
        caIssuer = new CertificateIssuer(module, ca, caKey);
        serverSign = caIssuer.server(CertificateProfile.SIGNING, SERVER_NAME, serverSignKey.publicKey(), LEAF_VALIDITY);
        serverEnc = caIssuer.server(CertificateProfile.ENCRYPTION, SERVER_NAME, serverEncKey.publicKey(), LEAF_VALIDITY);
        clientSign = caIssuer.client(CertificateProfile.SIGNING, DistinguishedNames.parse("CN=alice, O=gmgw, C=CN"),
                clientSignKey.publicKey(), LEAF_VALIDITY);
        clientEnc = caIssuer.client(CertificateProfile.ENCRYPTION, DistinguishedNames.parse("CN=alice, O=gmgw, C=CN"),
                clientEncKey.publicKey(), LEAF_VALIDITY);
    }

    /** An approved module with a seeded DRBG and a clock stopped at {@code now}. */
    static CryptoModule module(String seed, Instant now) {
        CryptoModule m = CryptoModule.start(CryptoModule.Options.deterministic(seed.getBytes(StandardCharsets.UTF_8))
                .clock(Clock.fixed(now, ZoneOffset.UTC)));
        if (m.state() != ModuleState.APPROVED) {
            throw new AssertionError("test module did not pass its self-tests: " + m.status());
        }
        return m;
    }

    static KeyHandle newKey(CryptoModule module, String name) {
        return new SoftwareKeyHandle(module, module.sm2().generateKeyPair().privateKey(), List.of(), name);
    }

    List<Sm2Certificate> all() {
        return List.of(root, ca, serverSign, serverEnc, clientSign, clientEnc);
    }

    /** An instant inside every certificate's validity. */
    static Instant during() {
        return ISSUED_AT.plus(Duration.ofDays(30));
    }
}
