package io.gmgw.crypto.selftest;

/** One power-on (or on-demand) self-test. Implementations throw {@link SelfTestFailure} with what did not match. */
public interface SelfTest {
    /** Short stable name, used in reports and audit events (for example {@code sm3-kat}). */
    String name();

    /** What the test checks and where its expected values come from, one line. */
    String description();

    void run(ModuleUnderTest module) throws SelfTestFailure;
}
