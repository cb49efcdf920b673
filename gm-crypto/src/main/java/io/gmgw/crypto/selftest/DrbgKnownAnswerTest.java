package io.gmgw.crypto.selftest;

import io.gmgw.crypto.random.HashDrbg;

/**
 * Known-answer test of the SM3 Hash_DRBG's instantiate, generate and reseed functions, the health test SP 800-90A
 * Rev.1 §11.3 requires before the DRBG is used (§11.3.2–11.3.4); it also checks that uninstantiate leaves nothing
 * usable (§11.3.5). Runs on a separate instance with the fixed inputs of {@code drbg.properties}, never on the
 * module's own generator.
 */
final class DrbgKnownAnswerTest implements SelfTest {
    private static final int OUTPUT_BYTES = 64;

    private final KnownAnswers vectors;

    DrbgKnownAnswerTest() {
        this(KnownAnswers.load("drbg"));
    }

    DrbgKnownAnswerTest(KnownAnswers vectors) {
        this.vectors = vectors;
    }

    @Override
    public String name() {
        return "drbg-kat";
    }

    @Override
    public String description() {
        return "SM3 Hash_DRBG instantiate/generate/reseed/generate against drbg.properties (SP 800-90A 11.3)";
    }

    @Override
    public void run(ModuleUnderTest module) throws SelfTestFailure {
        HashDrbg drbg = HashDrbg.sm3(HashDrbg.MAX_RESEED_INTERVAL);
        byte[] out = new byte[OUTPUT_BYTES];
        drbg.instantiate(vectors.bytes("entropy"), vectors.bytes("nonce"), vectors.bytes("personalization"));
        generate(drbg, out, vectors.bytes("additional1"));
        vectors.expect("generated1", out);
        drbg.reseed(vectors.bytes("reseed.entropy"), vectors.bytes("reseed.additional"));
        generate(drbg, out, vectors.bytes("additional2"));
        vectors.expect("generated2", out);
        drbg.uninstantiate();
        if (drbg.isInstantiated()) {
            throw new SelfTestFailure("Hash_DRBG still instantiated after uninstantiate");
        }
        try {
            drbg.generate(out, 0, out.length, null);
            throw new SelfTestFailure("Hash_DRBG generated output after uninstantiate");
        } catch (IllegalStateException expected) {
            // §11.3.5: an uninstantiated DRBG must refuse to generate
        }
    }

    private static void generate(HashDrbg drbg, byte[] out, byte[] additional) throws SelfTestFailure {
        if (!drbg.generate(out, 0, out.length, additional)) {
            throw new SelfTestFailure("Hash_DRBG asked for a reseed during the known-answer test");
        }
    }
}
