#!/usr/bin/python3
# Writes esp-vectors.txt: ESP tunnel-mode packets (RFC 4303 section 2, padding 1, 2, 3... section 2.4) built
# independently of gmgw for the four transforms of the data plane:
#   aes-cbc-hmac-sha256   RFC 3602 + RFC 4868 (ICV = first 16 bytes of HMAC-SHA-256), python3-cryptography
#   aes-gcm16             RFC 4106 (nonce = salt | IV, AAD = SPI | Seq), python3-cryptography's AESGCM
#   sm4-cbc-hmac-sm3      ipsec.md section 5, ICV 96/128/256 bits: SM4-CBC and HMAC-SM3 from python3-cryptography
#                         AND from the OpenSSL CLI (openssl enc -sm4-cbc, openssl mac -digest SM3 HMAC); the script
#                         stops unless both give the same bytes
#   sm4-gcm16             GM/T 0022-2023 as ipsec.md section 6 describes it, in the RFC 4106 layout: GCM (NIST SP
#                         800-38D) written out below over SM4-ECB from python3-cryptography; the same GCM code is
#                         first checked against AESGCM with AES, so the construction itself is verified
# Inner packets: IPv4 from 10.2.0.5 (the sender's side, 10.2.0.0/16) to 10.1.0.7 (the receiver's, 10.1.0.0/16).
# Run from this directory with Debian's python3: python3 esp-vectors.py > esp-vectors.txt
import hmac as pyhmac
import hashlib
import struct
import subprocess
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def checksum(data):
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data + (b"\0" if len(data) % 2 else b"")))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4(proto, payload, ident):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0, 64, proto, 0,
                         bytes([10, 2, 0, 5]), bytes([10, 1, 0, 7]))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + payload


def icmp_echo():
    body = struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1) + bytes(range(56))
    return ipv4(1, body[:2] + struct.pack("!H", checksum(body)) + body[4:], 0x0101)


def udp_odd():
    data = b"gmgw esp vector, 33 bytes of data"
    return ipv4(17, struct.pack("!HHHH", 40000, 53, 8 + len(data), 0) + data, 0x0202)


def trailer(inner, align):
    pad = (align - (len(inner) + 2) % align) % align
    return inner + bytes(range(1, pad + 1)) + bytes([pad, 4])


def sm4_cbc_py(key, iv, data):
    e = Cipher(algorithms.SM4(key), modes.CBC(iv)).encryptor()
    return e.update(data) + e.finalize()


def sm4_cbc_cli(key, iv, data):
    return subprocess.run(["openssl", "enc", "-sm4-cbc", "-nopad", "-K", key.hex(), "-iv", iv.hex()], input=data,
                          capture_output=True, check=True).stdout


def hmac_sm3_py(key, data):
    m = hmac.HMAC(key, hashes.SM3())
    m.update(data)
    return m.finalize()


def hmac_sm3_cli(key, data):
    out = subprocess.run(["openssl", "mac", "-digest", "SM3", "-macopt", "hexkey:" + key.hex(), "HMAC"], input=data,
                         capture_output=True, check=True).stdout
    return bytes.fromhex(out.decode().strip())


def gcm(block, key_block_encrypt, nonce, aad, plaintext):
    """SP 800-38D GCM with a 96-bit nonce over any 128-bit block cipher given as a one-block encrypt function."""
    def mul(x, y):
        r = 0xE1 << 120
        z, v = 0, y
        for i in range(127, -1, -1):
            if (x >> i) & 1:
                z ^= v
            v = (v >> 1) ^ r if v & 1 else v >> 1
        return z

    def ghash(h, data):
        y = 0
        for i in range(0, len(data), 16):
            y = mul(y ^ int.from_bytes(data[i:i + 16], "big"), h)
        return y

    def pad16(b):
        return b + bytes(-len(b) % 16)

    h = int.from_bytes(key_block_encrypt(bytes(16)), "big")
    j0 = nonce + b"\0\0\0\1"
    out = bytearray()
    for i in range(0, len(plaintext), 16):
        counter = nonce + struct.pack("!I", 2 + i // 16)
        ks = key_block_encrypt(counter)
        out += bytes(a ^ b for a, b in zip(plaintext[i:i + 16], ks))
    s = ghash(h, pad16(aad) + pad16(bytes(out)) + struct.pack("!QQ", len(aad) * 8, len(out) * 8))
    tag = bytes(a ^ b for a, b in zip(s.to_bytes(16, "big"), key_block_encrypt(j0)))
    return bytes(out) + tag


def ecb(algorithm):
    def encrypt(block):
        e = Cipher(algorithm, modes.ECB()).encryptor()
        return e.update(block) + e.finalize()
    return encrypt


# the hand-written GCM must agree with AESGCM before it is trusted with SM4
check_key, check_nonce = bytes(range(16)), bytes(range(100, 112))
for n in (0, 1, 16, 61):
    data = bytes(range(n))
    assert gcm(16, ecb(algorithms.AES(check_key)), check_nonce, b"aad!", data) == \
        AESGCM(check_key).encrypt(check_nonce, data, b"aad!"), "hand-written GCM disagrees with AESGCM"

SPI = bytes.fromhex("c0ffee01")
vectors = []
for label, inner, seq in (("icmp", icmp_echo(), 1), ("udp", udp_odd(), 0x1000)):
    header = SPI + struct.pack("!I", seq)
    # AES-CBC + HMAC-SHA-256-128
    key, mac_key, iv = bytes(range(0x20, 0x30)), bytes(range(0x40, 0x60)), bytes(range(0xA0, 0xB0))
    e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    body = header + iv + e.update(trailer(inner, 16)) + e.finalize()
    vectors.append(("aes-cbc-hmac-sha256", 128, label, seq, key, mac_key, iv, inner,
                    body + pyhmac.new(mac_key, body, hashlib.sha256).digest()[:16]))
    # AES-GCM-16, explicit IV = the sequence number as 8 bytes (what gmgw sends; any IV decrypts)
    key_salt, iv = bytes(range(0x60, 0x70)) + bytes.fromhex("cafebabe"), struct.pack("!Q", seq)
    sealed = AESGCM(key_salt[:16]).encrypt(key_salt[16:] + iv, trailer(inner, 4), header)
    vectors.append(("aes-gcm16", 128, label, seq, key_salt, b"", iv, inner, header + iv + sealed))
    # SM4-CBC + HMAC-SM3 with each ICV length a profile may choose
    key, mac_key, iv = bytes(range(0x70, 0x80)), bytes(range(0x80, 0xA0)), bytes(range(0xB0, 0xC0))
    ct = sm4_cbc_py(key, iv, trailer(inner, 16))
    assert ct == sm4_cbc_cli(key, iv, trailer(inner, 16)), "python3-cryptography and OpenSSL disagree on SM4-CBC"
    body = header + iv + ct
    mac = hmac_sm3_py(mac_key, body)
    assert mac == hmac_sm3_cli(mac_key, body), "python3-cryptography and OpenSSL disagree on HMAC-SM3"
    for bits in (96, 128, 256):
        vectors.append(("sm4-cbc-hmac-sm3", bits, label, seq, key, mac_key, iv, inner, body + mac[:bits // 8]))
    # SM4-GCM-16
    key_salt, iv = bytes(range(0xC0, 0xD0)) + bytes.fromhex("5a17f00d"), struct.pack("!Q", seq)
    sealed = gcm(16, ecb(algorithms.SM4(key_salt[:16])), key_salt[16:] + iv, header, trailer(inner, 4))
    vectors.append(("sm4-gcm16", 128, label, seq, key_salt, b"", iv, inner, header + iv + sealed))

version = subprocess.run(["openssl", "version"], capture_output=True, check=True).stdout.decode().strip()
import cryptography
print("# ESP tunnel-mode packets from esp-vectors.py: python3-cryptography %s, %s" % (cryptography.__version__,
                                                                                     version))
print("# one block per packet; spi, seq in hex; integrity_key empty for the AEADs; encryption_key holds the salt last")
for transform, icv_bits, label, seq, key, mac_key, iv, inner, esp in vectors:
    print()
    print("transform=" + transform)
    print("icv_bits=%d" % icv_bits)
    print("inner_kind=" + label)
    print("spi=" + SPI.hex())
    print("seq=%08x" % seq)
    print("encryption_key=" + key.hex())
    print("integrity_key=" + mac_key.hex())
    print("iv=" + iv.hex())
    print("inner=" + inner.hex())
    print("esp=" + esp.hex())
