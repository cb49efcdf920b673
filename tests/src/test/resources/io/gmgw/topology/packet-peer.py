#!/usr/bin/python3
"""The packet end of `openconnect --script-tun` (cstp.md section 11): openconnect hands this program one end of an
AF_UNIX datagram socket pair (its descriptor number in $VPNFD), one raw IP packet per datagram, no prefix. It pings an
address inside the tunnel (ICMP echo over IPv4, one request at a time, 2 s per request) from the address the gateway
assigned, and writes what happened as JSON for the test to read: the replies with their round-trip times, the variables
openconnect exported (CISCO_CSTP_OPTIONS holds every X-CSTP reply header), packets that came back malformed, and how
many other packets arrived (IPv6 router solicitations and the like are normal traffic on a tunnel, not errors).

The result file is written whole (a temporary file renamed), then one line "packet-peer: done RESULT_FILE" goes to
standard output, which is openconnect's: the test waits for that line instead of polling for the file.

usage: packet-peer.py TARGET COUNT RESULT_FILE
"""
import json
import os
import select
import socket
import struct
import sys
import time

REPLY_WAIT = 2.0  # seconds before an unanswered request counts as lost


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def echo_request(source, target, ident, seq, payload):
    icmp = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + payload
    icmp = icmp[:2] + struct.pack("!H", checksum(icmp)) + icmp[4:]
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq, 0, 64, 1, 0,
                         socket.inet_aton(source), socket.inet_aton(target))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + icmp


def parse_reply(packet, ident):
    """(seq, icmp payload, problem): problem is None for a well-formed echo reply to us (RFC 791, RFC 792)."""
    if len(packet) < 28:
        return None, None, "an IPv4 packet too short for ICMP: %s" % packet.hex()
    ihl = (packet[0] & 0x0F) * 4
    total = struct.unpack("!H", packet[2:4])[0]
    if ihl < 20 or total > len(packet) or total < ihl + 8:
        return None, None, "bad IPv4 lengths (header %d, total %d, datagram %d)" % (ihl, total, len(packet))
    if checksum(packet[:ihl]) != 0:
        return None, None, "bad IPv4 header checksum"
    if packet[9] != 1:
        return None, None, "protocol %d, not ICMP" % packet[9]
    icmp = packet[ihl:total]
    if checksum(icmp) != 0:
        return None, None, "bad ICMP checksum"
    kind, code, _, rid, seq = struct.unpack("!BBHHH", icmp[:8])
    if kind != 0 or code != 0 or rid != ident:
        return None, None, "ICMP type %d code %d id %d" % (kind, code, rid)
    return seq, icmp[8:], None


def main():
    target, count, result_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if count < 1:
        sys.exit("packet-peer: COUNT must be at least 1")
    source = os.environ["INTERNAL_IP4_ADDRESS"]
    sock = socket.socket(fileno=int(os.environ["VPNFD"]))
    ident = os.getpid() & 0xFFFF
    payload = bytes(range(56))
    sent, rtts, problems, other = {}, {}, [], 0
    first_reply_ns = None
    seq = 0
    while True:
        # One request at a time: the next goes out when the last was answered or given up.
        if seq < count and (seq == 0 or seq - 1 in rtts or time.monotonic() - sent[seq - 1] > REPLY_WAIT):
            sent[seq] = time.monotonic()
            sock.send(echo_request(source, target, ident, seq, payload))
            seq += 1
        last_pending = seq - 1 not in rtts and time.monotonic() - sent[seq - 1] <= REPLY_WAIT
        if seq == count and not last_pending:
            break
        ready, _, _ = select.select([sock], [], [], 0.1)
        if not ready:
            continue
        packet = sock.recv(65535)
        if not packet or packet[0] >> 4 != 4:
            other += 1
            continue
        got, data, problem = parse_reply(packet, ident)
        if problem:
            problems.append(problem)
        elif got in sent and got not in rtts:
            if data != payload:
                problems.append("reply %d: payload differs" % got)
            rtts[got] = (time.monotonic() - sent[got]) * 1000
            if first_reply_ns is None:
                first_reply_ns = time.time_ns()
    environment = {k: v for k, v in os.environ.items()
                   if k.startswith(("INTERNAL_IP", "CISCO_", "VPNGATEWAY", "IDLE_TIMEOUT"))}
    with open(result_file + ".tmp", "w") as out:
        json.dump({"sent": seq, "received": len(rtts), "rtt_ms": [rtts[k] for k in sorted(rtts)],
                   "first_reply_epoch_ns": first_reply_ns, "problems": problems, "other_packets": other,
                   "environment": environment}, out)
    os.rename(result_file + ".tmp", result_file)
    print("packet-peer: done " + result_file, flush=True)


if __name__ == "__main__":
    main()
