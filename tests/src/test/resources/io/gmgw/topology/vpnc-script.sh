#!/bin/sh
# A minimal vpnc-script for openconnect's TUN mode in the topology tests: it applies what the gateway sent (address,
# MTU, split-include routes, IPv4 and IPv6) to the TUN device openconnect created, in the namespace it runs in, and
# nothing else. Debian's /usr/share/vpnc-scripts/vpnc-script would also rewrite DNS (resolv.conf is shared with the
# host unless /etc/netns/NAME exists) and pin a host route to the gateway; the tests need neither.
# Variables as openconnect 9.01 exports them (cstp.md section 11): reason, TUNDEV, INTERNAL_IP4_ADDRESS,
# INTERNAL_IP4_MTU, INTERNAL_IP6_NETMASK (addr/len), CISCO_SPLIT_INC with CISCO_SPLIT_INC_<i>_ADDR/_MASKLEN,
# CISCO_IPV6_SPLIT_INC with CISCO_IPV6_SPLIT_INC_<i>_ADDR/_MASKLEN.
# Prints "gmgw-vpnc-script: connected TUNDEV=..." when the device is ready (the tests wait for that line) and
# "gmgw-vpnc-script: failed ..." with a non-zero exit when a command failed.
set -eu

fail() {
  echo "gmgw-vpnc-script: failed during $reason (line $1)"
}

connect() {
  trap 'fail $LINENO' EXIT
  ip link set dev "$TUNDEV" up mtu "${INTERNAL_IP4_MTU:-1300}"
  if [ -n "${INTERNAL_IP4_ADDRESS:-}" ]; then
    # A point-to-point /32, as vpnc-script does: the routes below decide what goes into the tunnel.
    ip addr add "$INTERNAL_IP4_ADDRESS/32" peer "$INTERNAL_IP4_ADDRESS" dev "$TUNDEV"
  fi
  if [ -n "${INTERNAL_IP6_NETMASK:-}" ]; then
    ip -6 addr add "$INTERNAL_IP6_NETMASK" dev "$TUNDEV" nodad
  fi
  i=0
  while [ "$i" -lt "${CISCO_SPLIT_INC:-0}" ]; do
    eval "net=\$CISCO_SPLIT_INC_${i}_ADDR len=\$CISCO_SPLIT_INC_${i}_MASKLEN"
    ip route replace "$net/$len" dev "$TUNDEV"
    i=$((i + 1))
  done
  i=0
  while [ "$i" -lt "${CISCO_IPV6_SPLIT_INC:-0}" ]; do
    eval "net=\$CISCO_IPV6_SPLIT_INC_${i}_ADDR len=\$CISCO_IPV6_SPLIT_INC_${i}_MASKLEN"
    ip -6 route replace "$net/$len" dev "$TUNDEV"
    i=$((i + 1))
  done
  if [ "${CISCO_SPLIT_INC:-0}" -eq 0 ] && [ -n "${INTERNAL_IP4_ADDRESS:-}" ]; then
    # No split-include: a full tunnel as the two halves of the default route (OpenVPN's def1), so the old default
    # route stays and the client's own link route, being more specific, keeps reaching the gateway.
    ip route replace 0.0.0.0/1 dev "$TUNDEV"
    ip route replace 128.0.0.0/1 dev "$TUNDEV"
  fi
  trap - EXIT
  echo "gmgw-vpnc-script: connected TUNDEV=$TUNDEV address=${INTERNAL_IP4_ADDRESS:-} mtu=${INTERNAL_IP4_MTU:-}"
}

case "${reason:-}" in
  connect) connect ;;
  # The device and its routes vanish with openconnect's TUN descriptor; the others need nothing here.
  pre-init | disconnect | attempt-reconnect | reconnect) ;;
  *) echo "gmgw-vpnc-script: unknown reason '${reason:-}'"; exit 1 ;;
esac
