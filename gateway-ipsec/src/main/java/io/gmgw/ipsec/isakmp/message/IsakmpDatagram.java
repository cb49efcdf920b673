package io.gmgw.ipsec.isakmp.message;

import io.gmgw.ipsec.isakmp.IsakmpHeader;

/**
 * One ISAKMP message as it travels in a UDP datagram: either its payloads are readable ({@link IsakmpMessage}) or,
 * with the encryption flag set, they are ciphertext that only the caller holding the SA's keys can open
 * ({@link EncryptedIsakmpMessage}).
 */
public sealed interface IsakmpDatagram permits IsakmpMessage, EncryptedIsakmpMessage {
    IsakmpHeader header();
}
