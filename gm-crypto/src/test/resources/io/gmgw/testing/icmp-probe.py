#!/usr/bin/python3
"""ICMP echo through whatever route exists (a tunnel's, in the topology tests), for two measurements:

- tunnel set-up time: started before the VPN client, it sends a request every INTERVAL_MS and ignores send errors
  (before the tunnel's route exists the kernel answers ENETUNREACH), so the epoch of the first reply tells when the
  path through the tunnel first carried a packet both ways;
- round-trip time: once the tunnel is up, COUNT replies at INTERVAL_MS.

It needs a raw socket (root). The machines that run these tests have no ping(8) (iputils-ping is not installed), and
ping exits at the first "Network is unreachable", which the set-up measurement needs to outlast. IPv4 (RFC 792) or
IPv6 (RFC 4443, the kernel fills in the ICMPv6 checksum on raw ICMPv6 sockets) by the form of TARGET.

Prints "icmp-probe: ready" once the socket is open, then one JSON line when COUNT replies came or TIMEOUT_S passed:
{"target", "sent", "received", "send_errors", "first_reply_epoch_ns", "rtt_ms": [...]}. Exit status 0 when COUNT
replies came, 1 otherwise.

usage: icmp-probe.py TARGET COUNT INTERVAL_MS TIMEOUT_S
"""
import json
import os
import select
import socket
import struct
import sys
import time


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def main():
    target, count, interval, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) / 1000, float(sys.argv[4])
    v6 = ":" in target
    if v6:
        sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
        request_type, reply_type = 128, 129
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
        request_type, reply_type = 8, 0
    sock.setblocking(False)
    ident = os.getpid() & 0xFFFF
    payload = bytes(range(56))
    sent, rtts = {}, {}
    send_errors = 0
    first_reply_ns = None
    print("icmp-probe: ready", flush=True)
    deadline = time.monotonic() + timeout
    next_send = time.monotonic()
    seq = 0
    while len(rtts) < count and time.monotonic() < deadline:
        now = time.monotonic()
        if now >= next_send:
            icmp = struct.pack("!BBHHH", request_type, 0, 0, ident, seq & 0xFFFF) + payload
            if not v6:
                icmp = icmp[:2] + struct.pack("!H", checksum(icmp)) + icmp[4:]
            try:
                sock.sendto(icmp, (target, 0))
                sent[seq & 0xFFFF] = now
            except OSError:
                send_errors += 1
            seq += 1
            next_send = now + interval
        ready, _, _ = select.select([sock], [], [], max(0.0, min(next_send, deadline) - time.monotonic()))
        if not ready:
            continue
        try:
            packet, _ = sock.recvfrom(65535)
        except BlockingIOError:
            continue
        arrived = time.monotonic()
        icmp = packet if v6 else packet[(packet[0] & 0x0F) * 4:]
        if len(icmp) < 8:
            continue
        kind, _, _, rid, rseq = struct.unpack("!BBHHH", icmp[:8])
        if kind != reply_type or rid != ident or rseq not in sent or rseq in rtts or icmp[8:] != payload:
            continue  # a raw socket sees every ICMP message of the namespace: keep only replies to us
        rtts[rseq] = (arrived - sent[rseq]) * 1000
        if first_reply_ns is None:
            first_reply_ns = time.time_ns()
    print(json.dumps({"target": target, "sent": seq, "received": len(rtts), "send_errors": send_errors,
                      "first_reply_epoch_ns": first_reply_ns, "rtt_ms": list(rtts.values())}), flush=True)
    sys.exit(0 if len(rtts) >= count else 1)


if __name__ == "__main__":
    main()
