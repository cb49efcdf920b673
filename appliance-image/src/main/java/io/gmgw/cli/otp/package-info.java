/**
 * {@code gmgw otp seed-key|import|create|list|show|assign|resync|unlock|remove}: the gateway's dynamic tokens
 * (GB/T 38556) in their token store, for operators. See docs/otp.md.
 */
package io.gmgw.cli.otp;
