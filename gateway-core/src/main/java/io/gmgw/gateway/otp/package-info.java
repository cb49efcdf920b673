/**
 * The verifier of GB/T 38556 dynamic passwords (the algorithm is gm-crypto's {@code io.gmgw.crypto.otp}): per-token
 * state as an immutable record, look-ahead windows for time and event tokens, drift learned from each success, each
 * password accepted at most once, failed tries counted with lock-out and operator unlock.
 *
 * <p>{@link io.gmgw.gateway.otp.OtpVerifier} is sans-I/O: the current time, the seed and the state come in, a
 * {@link io.gmgw.gateway.otp.Verification} with the next state goes out. {@link io.gmgw.gateway.otp.OtpLogins} is the
 * one place that turns a verification into an answer: it writes the next state through
 * {@link io.gmgw.gateway.otp.TokenStateStore} (durably, compare-and-set) and records the audit event before it says
 * yes, so a crash never lets one password in twice. docs/otp.md describes the rules.
 */
package io.gmgw.gateway.otp;
