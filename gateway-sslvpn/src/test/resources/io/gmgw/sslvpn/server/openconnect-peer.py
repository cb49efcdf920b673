# The packet program openconnect runs with --script-tun (cstp.md section 11): one raw IP packet per datagram on the
# socket $VPNFD. It records the tunnel settings openconnect exported, sends one ICMP echo request from the tunnel
# address to the gateway-side address given as argv[2], writes what came back to argv[1], and then asks openconnect
# (its parent, $VPNPID) to log off with SIGINT, which makes it send BYE.
import os, signal, socket, struct, sys

out, target = sys.argv[1], sys.argv[2]
sock = socket.socket(fileno=int(os.environ["VPNFD"]), family=socket.AF_UNIX, type=socket.SOCK_DGRAM)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


lines = [k + "=" + os.environ[k].replace("\n", "|") for k in sorted(os.environ)
         if k.startswith(("INTERNAL_IP", "CISCO_"))]
icmp = struct.pack("!BBHHH", 8, 0, 0, 0x6D67, 1) + b"gmgw interop"
icmp = icmp[:2] + struct.pack("!H", checksum(icmp)) + icmp[4:]
src = socket.inet_aton(os.environ["INTERNAL_IP4_ADDRESS"])
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 1, 0, 64, 1, 0, src, socket.inet_aton(target))
ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
sock.send(ip + icmp)
sock.settimeout(20)
try:
    reply = sock.recv(4096)
    lines.append("REPLY type=%d from=%s payload=%s" % (reply[20], socket.inet_ntoa(reply[12:16]),
                                                      reply[28:].decode("ascii", "replace")))
except socket.timeout:
    lines.append("REPLY none")
with open(out + ".part", "w") as f:
    f.write("\n".join(lines) + "\n")
os.rename(out + ".part", out)
os.kill(int(os.environ["VPNPID"]), signal.SIGINT)
