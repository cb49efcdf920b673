/**
 * Keys and certificates named by path or URI, opened through gm-crypto's key-provider SPI: the one place where the
 * gateway's configuration, {@code gmgw tlcp serve} and {@code gmgw connect} turn "a key reference, where its
 * certificate is, where its password comes from" into a {@link io.gmgw.crypto.key.KeyHandle} with its certificate
 * chain. Errors name the option or configuration key that named the key.
 */
package io.gmgw.gateway.keys;
