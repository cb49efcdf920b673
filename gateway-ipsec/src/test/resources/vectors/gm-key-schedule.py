#!/usr/bin/python3
# Writes gm-key-schedule.txt: the GM envelope key schedule of ../shared/reference/ipsec.md section 4 computed with
# the OpenSSL 3 CLI (openssl dgst -sm3, openssl mac -digest SM3 HMAC) as the independent SM3 / HMAC-SM3; this script
# only concatenates bytes, written out by hand from the formulas (payload layouts from RFC 2408 section 3).
# Run from this directory: python3 gm-key-schedule.py > gm-key-schedule.txt
import subprocess

def h(x): return bytes.fromhex(x)

def sm3(*parts):
    out = subprocess.run(["openssl", "dgst", "-sm3", "-binary"], input=b"".join(parts), capture_output=True, check=True)
    return out.stdout

def hmac(key, *parts):
    out = subprocess.run(["openssl", "mac", "-digest", "SM3", "-macopt", "hexkey:" + key.hex(), "HMAC"],
                         input=b"".join(parts), capture_output=True, check=True)
    return h(out.stdout.decode().strip())

v = {}
v["ni_b"] = bytes(range(0x10, 0x30))              # 32-byte initiator nonce body
v["nr_b"] = bytes(range(0x80, 0xa0))              # 32-byte responder nonce body
v["cky_i"] = h("0123456789abcdef")
v["cky_r"] = h("fedcba9876543210")
v["sk_i"] = h("00112233445566778899aabbccddeeff")
v["sk_r"] = h("ffeeddccbbaa99887766554433221100")
# SAi_b: the GM phase 1 SA body (DOI 1, situation 1, proposal 1 ISAKMP, KEY_IKE, SM4 129, SM3 20, envelope 10,
# asymmetric SM2 2, life seconds, 86400 as a 4-byte TLV)
v["sai_b"] = h("00000001" "00000001" "0000002c01010001" "0000002401010000"
               "80010081" "80020014" "8003000a" "80140002" "800b0001" "000c000400015180")
v["idii_b"] = h("02000000") + b"initiator.example"   # FQDN
v["idir_b"] = h("02000000") + b"responder.example"

skeyid = hmac(sm3(v["ni_b"], v["nr_b"]), v["cky_i"], v["cky_r"])
d = hmac(skeyid, v["cky_i"], v["cky_r"], b"\x00")
a = hmac(skeyid, d, v["cky_i"], v["cky_r"], b"\x01")
e = hmac(skeyid, a, v["cky_i"], v["cky_r"], b"\x02")
out = dict(v)
out["skeyid"] = skeyid
out["skeyid_d"] = d
out["skeyid_a"] = a
out["skeyid_e"] = e
out["ka"] = e[:16]
out["phase1_iv"] = sm3(v["sk_i"], v["sk_r"])[:16]
out["hash_i"] = hmac(skeyid, v["cky_i"], v["cky_r"], v["sai_b"], v["idii_b"])
out["hash_r"] = hmac(skeyid, v["cky_r"], v["cky_i"], v["sai_b"], v["idir_b"])

# Quick mode: message id, the last CBC block of phase 1, the nonces, the ESP SA (SPI c0ffee01, SM4-CBC 129,
# life seconds 3600, tunnel, HMAC-SM3 20) and the client IDs 10.0.1.0/24 and 10.0.2.0/24 (IPV4_ADDR_SUBNET 4).
mid = h("5eed0001")
out["qm_message_id"] = mid
out["last_phase1_block"] = h("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf")
qni = bytes(range(0x40, 0x60))
qnr = bytes(range(0xc0, 0xe0))
out["qm_ni_b"] = qni
out["qm_nr_b"] = qnr
out["qm_iv"] = sm3(out["last_phase1_block"], mid)[:16]
sa_body = h("00000001" "00000001" "0000002401030401" "c0ffee01" "0000001801810000"
            "80010001" "80020e10" "80040001" "80050014")
sa_with_header = h("0a000030") + sa_body             # next payload: NONCE
idci_with_header = h("05000010") + h("04000000" "0a000100ffffff00")   # next payload: ID
idcr_with_header = h("00000010") + h("04000000" "0a000200ffffff00")   # last payload
# HASH(1): payloads after it SA, Ni, IDci, IDcr; GM order Ni_b | SA (with header) | IDci | IDcr
out["qm_hash1_sa_with_header"] = hmac(a, mid, qni, sa_with_header, idci_with_header, idcr_with_header)
out["qm_hash1_sa_body"] = hmac(a, mid, qni, sa_body, idci_with_header[4:], idcr_with_header[4:])
out["qm_hash2_sa_with_header"] = hmac(a, mid, qni, sa_with_header, qnr, idci_with_header, idcr_with_header)
out["qm_hash3"] = hmac(a, b"\x00", mid, qni, qnr)
spi = h("c0ffee01")
k1 = hmac(d, b"\x03", spi, qni, qnr)
k2 = hmac(d, k1, b"\x03", spi, qni, qnr)
out["keymat_esp_48"] = (k1 + k2)[:48]

print("# GM envelope key schedule (ipsec.md section 4) computed by gm-key-schedule.py with the " 
      + subprocess.run(["openssl", "version"], capture_output=True).stdout.decode().split(" (")[0].strip() + " CLI")
for k, val in out.items():
    print(k + "=" + val.hex())
