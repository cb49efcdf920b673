/**
 * The statistical randomness tests of GM/T 0005-2021 (随机性检测规范, Randomness test specification) that gmgw runs on
 * its DRBG's output at power-on, with their P-value computations.
 *
 * <p>Where a GM/T 0005 test is also one of NIST SP 800-22 Rev.1a (frequency, block frequency, serial, runs, longest
 * run, cumulative sums, approximate entropy), the statistic and P-value are those of SP 800-22 §2.x, and the unit
 * tests check them against SP 800-22's worked examples. Poker, runs distribution, binary derivation and
 * autocorrelation are GM/T 0005's own (also in GB/T 32915-2016). Parameters are GM/T 0005-2021 Annex A's for
 * 20,000-bit samples; see {@link io.gmgw.crypto.selftest.randomness.Gmt0005Battery}.
 */
package io.gmgw.crypto.selftest.randomness;
