#!/usr/bin/env bash
# Builds the gmgw soft smart key (a PKCS#11 module for tests and demos) into $1/libgmgw-softkey.so.
# Called by Maven (exec-maven-plugin). Needs gcc and OpenSSL 3's libcrypto headers (Debian: gcc libssl-dev).
# When they are missing the module is skipped with a message; under CI (CI=true, 1, ...) that is an error.
set -euo pipefail
out=${1:?usage: build.sh OUTPUT_DIR}
src=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
if [[ ${#missing[@]} -eq 0 ]] && ! printf '#include <openssl/evp.h>\n#include <openssl/param_build.h>\n' \
    | gcc -E -x c - >/dev/null 2>&1; then
  missing+=(libssl-dev)
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  msg="soft smart key NOT built: missing ${missing[*]}; install with: apt-get install ${missing[*]}"
  # CI is on when CI is set to anything but empty, false or 0 (any case, spaces trimmed): the tests' rule
  # (io.gmgw.testing.SystemPeers in gm-crypto's test jar).
  ci=$(tr -d '[:space:]' <<<"${CI:-}" | tr '[:upper:]' '[:lower:]')
  if [[ -n $ci && $ci != false && $ci != 0 ]]; then
    echo "ERROR: $msg (CI=${CI}: the PKCS#11 tests need it)" >&2
    exit 1
  fi
  echo "WARNING: $msg (the tests that need it will be skipped)" >&2
  rm -f "$out/libgmgw-softkey.so"
  exit 0
fi
mkdir -p "$out"
newest=$(ls -t "$src"/*.c "$src"/*.h "$src"/build.sh | head -1)
if [[ -f $out/libgmgw-softkey.so && $out/libgmgw-softkey.so -nt $newest && $out/libgmgw-softkey-bench.so -nt $newest ]]; then
  exit 0
fi
cflags=(-std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -fPIC -shared -fvisibility=hidden)
gcc "${cflags[@]}" -o "$out/libgmgw-softkey.so.tmp" "$src"/module.c "$src"/store.c "$src"/mech.c -lcrypto -lpthread
mv "$out/libgmgw-softkey.so.tmp" "$out/libgmgw-softkey.so"
# The benchmark helper (JMH in the tests module): signing loops in C, never loaded by gmgw itself.
gcc "${cflags[@]}" -o "$out/libgmgw-softkey-bench.so.tmp" "$src"/bench.c -lcrypto -ldl
mv "$out/libgmgw-softkey-bench.so.tmp" "$out/libgmgw-softkey-bench.so"
echo "soft smart key built: $out/libgmgw-softkey.so (benchmark helper: libgmgw-softkey-bench.so)"
