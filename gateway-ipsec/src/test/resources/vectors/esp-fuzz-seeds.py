#!/usr/bin/python3
# Writes the seeds of io.gmgw.ipsec.esp.EspInboundFuzzTest from esp-vectors.txt: for each transform's ICMP packet
# (HMAC-SM3: the 128-bit ICV), in the order of the file, one "packets" seed (the transform's index, then the ESP
# packet) and one "plaintexts" seed (the index, then the inner packet with padding 1, 2, 3..., pad length and next
# header 4). Run from this directory: python3 esp-fuzz-seeds.py
import os

blocks, v = [], {}
for line in open("esp-vectors.txt").read().split("\n") + [""]:
    if line.startswith("#"):
        continue
    if not line.strip():
        if v:
            blocks.append(v)
        v = {}
        continue
    k, _, val = line.partition("=")
    v[k] = val
chosen = [b for b in blocks if b["inner_kind"] == "icmp" and b["icv_bits"] == "128"]
base = "../io/gmgw/ipsec/esp/EspInboundFuzzTestInputs"
for target in ("packets", "plaintexts"):
    os.makedirs(os.path.join(base, target), exist_ok=True)
for i, b in enumerate(chosen):
    align = 16 if "cbc" in b["transform"] else 4
    inner = bytes.fromhex(b["inner"])
    pad = (align - (len(inner) + 2) % align) % align
    plain = inner + bytes(range(1, pad + 1)) + bytes([pad, 4])
    with open(os.path.join(base, "packets", "%02d-%s" % (i, b["transform"])), "wb") as f:
        f.write(bytes([i]) + bytes.fromhex(b["esp"]))
    with open(os.path.join(base, "plaintexts", "%02d-%s" % (i, b["transform"])), "wb") as f:
        f.write(bytes([i]) + plain)
