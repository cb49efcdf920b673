#!/usr/bin/python3
"""A TCP bulk transfer for the topology tests: the receiver stores every byte of one connection in a file, the sender
sends a file and waits until the receiver has closed, so that "done" on both sides means every byte arrived. The test
compares the two files' SM3 digests (computed by gm-crypto in the test, not here).

usage: tcp-transfer.py receive PORT FILE        prints "tcp-transfer: listening PORT", then one JSON line
       tcp-transfer.py send HOST PORT FILE      prints one JSON line
The JSON line: {"bytes": N, "seconds": S}.
"""
import json
import socket
import sys
import time

CHUNK = 256 * 1024


def receive(port, path):
    family = socket.AF_INET6 if socket.has_ipv6 else socket.AF_INET
    with socket.create_server(("", port), family=family, dualstack_ipv6=family == socket.AF_INET6) as server:
        print("tcp-transfer: listening %d" % port, flush=True)
        conn, _ = server.accept()
        started, total = time.monotonic(), 0
        with conn, open(path, "wb") as out:
            while True:
                data = conn.recv(CHUNK)
                if not data:
                    break
                out.write(data)
                total += len(data)
    print(json.dumps({"bytes": total, "seconds": time.monotonic() - started}), flush=True)


def send(host, port, path):
    started, total = time.monotonic(), 0
    with socket.create_connection((host, port), timeout=30) as conn, open(path, "rb") as source:
        while True:
            data = source.read(CHUNK)
            if not data:
                break
            conn.sendall(data)
            total += len(data)
        conn.shutdown(socket.SHUT_WR)
        if conn.recv(1):  # the receiver closes after the last byte; anything else is a protocol error
            sys.exit("tcp-transfer: the receiver sent data")
    print(json.dumps({"bytes": total, "seconds": time.monotonic() - started}), flush=True)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "receive":
        receive(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "send":
        send(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
