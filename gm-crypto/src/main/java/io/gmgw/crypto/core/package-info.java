/**
 * What every part of gm-crypto shares and nothing in it builds on: the states of the cryptographic module
 * ({@link io.gmgw.crypto.core.ModuleState}), the view of the module its algorithms are given
 * ({@link io.gmgw.crypto.core.ModuleContext}) and gm-crypto's exceptions ({@link io.gmgw.crypto.core.GmCryptoException}
 * and its subclasses). It depends on no other gmgw package, so the algorithm packages (sm2, sm3, sm4, random) and
 * {@link io.gmgw.crypto.CryptoModule}, which builds them, can both use it without forming a cycle.
 */
package io.gmgw.crypto.core;
