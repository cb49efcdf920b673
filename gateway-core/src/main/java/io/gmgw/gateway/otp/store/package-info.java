/**
 * The durable token store: one JSON file per dynamic token (its profile, its user, its seed sealed under a
 * {@link io.gmgw.gateway.otp.store.SeedKey}, its verifier state), each replaced atomically, read-modify-write under a
 * file lock, every change audited. It is the {@link io.gmgw.gateway.otp.TokenStateStore} the logins write through.
 * docs/otp.md describes the files.
 */
package io.gmgw.gateway.otp.store;
