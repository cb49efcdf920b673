#!/usr/bin/python3
# Opens ESP tunnel-mode packets independently of gmgw (python3-cryptography; HMAC-SM3 and SM4-CBC also through the
# OpenSSL CLI, which must agree): checks the ICV, decrypts, checks the padding 1, 2, 3... and returns the inner packet.
# Reads one packet per line on stdin: "TRANSFORM ICV_BITS ENCRYPTION_KEY_HEX INTEGRITY_KEY_HEX ESP_HEX" (TRANSFORM as
# in esp-vectors.txt; INTEGRITY_KEY_HEX "-" for the AEADs; the encryption key holds the GCM salt last), writes one line
# per packet: "ok NEXT_HEADER INNER_HEX" or "bad REASON". Used by io.gmgw.ipsec.esp.EspOracleOpensOurPacketsTest.
import hashlib
import hmac as pyhmac
import struct
import subprocess
import sys
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def block_encrypter(algorithm):
    def encrypt(block):
        e = Cipher(algorithm, modes.ECB()).encryptor()
        return e.update(block) + e.finalize()
    return encrypt


def gcm_open(encrypt, nonce, aad, sealed):
    """SP 800-38D GCM decryption with a 96-bit nonce over a one-block encrypt function; None when the tag is wrong."""
    def mul(x, y):
        z, v = 0, y
        for i in range(127, -1, -1):
            if (x >> i) & 1:
                z ^= v
            v = (v >> 1) ^ (0xE1 << 120) if v & 1 else v >> 1
        return z

    def pad16(b):
        return b + bytes(-len(b) % 16)

    ct, tag = sealed[:-16], sealed[-16:]
    h = int.from_bytes(encrypt(bytes(16)), "big")
    y = 0
    data = pad16(aad) + pad16(ct) + struct.pack("!QQ", len(aad) * 8, len(ct) * 8)
    for i in range(0, len(data), 16):
        y = mul(y ^ int.from_bytes(data[i:i + 16], "big"), h)
    expected = bytes(a ^ b for a, b in zip(y.to_bytes(16, "big"), encrypt(nonce + b"\0\0\0\1")))
    if not pyhmac.compare_digest(expected, tag):
        return None
    out = bytearray()
    for i in range(0, len(ct), 16):
        ks = encrypt(nonce + struct.pack("!I", 2 + i // 16))
        out += bytes(a ^ b for a, b in zip(ct[i:i + 16], ks))
    return bytes(out)


def cli_hmac_sm3(key, data):
    out = subprocess.run(["openssl", "mac", "-digest", "SM3", "-macopt", "hexkey:" + key.hex(), "HMAC"], input=data,
                         capture_output=True, check=True).stdout
    return bytes.fromhex(out.decode().strip())


def cli_sm4_cbc_decrypt(key, iv, data):
    return subprocess.run(["openssl", "enc", "-d", "-sm4-cbc", "-nopad", "-K", key.hex(), "-iv", iv.hex()],
                          input=data, capture_output=True, check=True).stdout


def open_packet(transform, icv_bits, key, mac_key, esp):
    header = esp[:8]
    if transform in ("aes-cbc-hmac-sha256", "sm4-cbc-hmac-sm3"):
        icv = icv_bits // 8
        body, tag = esp[:-icv], esp[-icv:]
        iv, ct = esp[8:24], esp[24:-icv]
        if transform == "aes-cbc-hmac-sha256":
            mac = pyhmac.new(mac_key, body, hashlib.sha256).digest()
            algorithm = algorithms.AES(key)
        else:
            m = hmac.HMAC(mac_key, hashes.SM3())
            m.update(body)
            mac = m.finalize()
            if mac != cli_hmac_sm3(mac_key, body):
                return "bad python3-cryptography and OpenSSL disagree on HMAC-SM3"
            algorithm = algorithms.SM4(key)
        if not pyhmac.compare_digest(mac[:icv], tag):
            return "bad icv"
        d = Cipher(algorithm, modes.CBC(iv)).decryptor()
        plain = d.update(ct) + d.finalize()
        if transform == "sm4-cbc-hmac-sm3" and plain != cli_sm4_cbc_decrypt(key, iv, ct):
            return "bad python3-cryptography and OpenSSL disagree on SM4-CBC"
    else:
        nonce = key[-4:] + esp[8:16]
        if transform == "aes-gcm16":
            try:
                plain = AESGCM(key[:-4]).decrypt(nonce, esp[16:], header)
            except InvalidTag:
                plain = None
        else:
            plain = gcm_open(block_encrypter(algorithms.SM4(key[:-4])), nonce, header, esp[16:])
        if plain is None:
            return "bad icv"
    pad, next_header = plain[-2], plain[-1]
    if pad + 2 > len(plain) or plain[-2 - pad:-2] != bytes(range(1, pad + 1)):
        return "bad padding"
    return "ok %d %s" % (next_header, plain[:-2 - pad].hex())


# the hand-written GCM must agree with AESGCM before it is trusted with SM4
k, n = bytes(range(16)), bytes(range(12))
for size in (0, 5, 16, 33):
    sealed = AESGCM(k).encrypt(n, bytes(range(size)), b"aad")
    assert gcm_open(block_encrypter(algorithms.AES(k)), n, b"aad", sealed) == bytes(range(size))
for line in sys.stdin:
    if line.strip():
        t, bits, key, mac_key, esp = line.split()
        print(open_packet(t, int(bits), bytes.fromhex(key), b"" if mac_key == "-" else bytes.fromhex(mac_key),
                          bytes.fromhex(esp)), flush=True)
