/**
 * Dynamic passwords of GB/T 38556-2020 (GM/T 0021-2012): the one-time passwords that GM dynamic tokens (hardware fobs
 * and phone apps) show, computed from a seed with SM3 or SM4 over a time factor, an event counter and a challenge.
 *
 * <p>{@link io.gmgw.crypto.otp.OtpProfile} says how a token computes (algorithm, factors, digits, interval, epoch,
 * layout of the factors), {@link io.gmgw.crypto.otp.OtpFactors} holds the factor values of one computation and
 * {@link io.gmgw.crypto.otp.DynamicPasswords} computes the password. It is a pure function of its inputs: no clock, no
 * state; the verifier that keeps per-token state lives in the gateway. docs/otp.md describes the algorithm and which
 * public source each detail follows.
 */
package io.gmgw.crypto.otp;
