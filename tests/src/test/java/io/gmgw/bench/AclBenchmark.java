package io.gmgw.bench;

import io.gmgw.acl.AclSamples;
import io.gmgw.acl.AclTestPki;
import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.sign.AclSigner;
import io.gmgw.acl.sign.AclVerification;
import io.gmgw.acl.sign.AclVerifier;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.pki.Pem;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Signing and verifying a 100,000-rule iptables-save ruleset (about 7 MB) in-process, one thread: gmgw's ACL signer
 * (format recognition, canonical form and its SM3, SM3 of the bytes, CMS with the manifest, raw sidecar signature)
 * and verifier (CMS checks, both digests, certificate path) against Bouncy Castle's own CMS generator and verifier
 * doing a plain detached SM3withSM2 CMS of the same bytes; and canonicalisation against a bare SM3 of the bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AclBenchmark {
    @Param({"gmgw", "bouncycastle"})
    public String impl;

    @Param({"100000"})
    public int rules;

    private byte[] acl;
    private CryptoModule module;
    private AclTestPki pki;
    private AclSigner signer;
    private AclVerifier verifier;
    private byte[] gmgwCms;
    private byte[] bcCms;
    private CMSSignedDataGenerator bcGenerator;
    private X509CertificateHolder bcCert;
    private BouncyCastleProvider provider;
    private java.security.PublicKey bcKey;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        acl = AclSamples.iptables(rules, 1);
        pki = new AclTestPki("bench");
        module = AclTestPki.module("bench-during", AclTestPki.DURING);
        signer = new AclSigner(module, pki.signer.key(), pki.signer.chain());
        verifier = AclVerifier.builder(module).trustAnchors(List.of(pki.root)).build();
        gmgwCms = signer.sign(acl, AclDocument.parse(acl), "edge", 1, new byte[0]).cms();
        provider = new BouncyCastleProvider();
        PrivateKey key = KeyFactory.getInstance("EC", provider).generatePrivate(new PKCS8EncodedKeySpec(
                Pem.blocks(PrivateKeyPem.write(pki.signer.privateKey()), "PRIVATE KEY").get(0)));
        bcCert = new X509CertificateHolder(pki.signer.chain().get(0).encoded());
        bcKey = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(provider)
                .getCertificate(bcCert).getPublicKey();
        bcGenerator = new CMSSignedDataGenerator();
        bcGenerator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .setProvider(provider).build()).build(new JcaContentSignerBuilder("SM3withSM2").setProvider(provider)
                .build(key), bcCert));
        bcGenerator.addCertificate(bcCert);
        bcCms = bcGenerator.generate(new CMSProcessableByteArray(acl), false).getEncoded();
        if (!verify()) {
            throw new IllegalStateException("the peer's signature does not verify");
        }
    }

    @Benchmark
    public byte[] sign() throws Exception {
        if (impl.equals("gmgw")) {
            return signer.sign(acl, AclDocument.parse(acl), "edge", 1, new byte[0]).cms();
        }
        return bcGenerator.generate(new CMSProcessableByteArray(acl), false).getEncoded();
    }

    @Benchmark
    public boolean verify() throws Exception {
        if (impl.equals("gmgw")) {
            AclVerification r = verifier.verify("edge", acl, "edge.p7s", gmgwCms);
            if (!r.valid()) {
                throw new IllegalStateException(r.message());
            }
            return true;
        }
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(acl), bcCms);
        SignerInformation info = signed.getSignerInfos().getSigners().iterator().next();
        // By public key: BC would otherwise refuse the test certificate (issued for 2030) at today's signing time.
        return info.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(provider).build(bcKey));
    }

    /** gmgw: the canonical form (decode, split, format rules); Bouncy Castle: SM3 of the same bytes, for scale. */
    @Benchmark
    public int canonicalise() {
        if (impl.equals("gmgw")) {
            return AclDocument.parse(acl).canonical().length;
        }
        SM3Digest d = new SM3Digest();
        d.update(acl, 0, acl.length);
        byte[] out = new byte[32];
        return d.doFinal(out, 0);
    }
}
