#!/usr/bin/env bash
# Fetches what running linux-arm64 builds on an x64 Debian machine needs, without touching the system's apt sources:
#   - qemu-user from Debian 13 (Debian 12's qemu 7.2 crashes when ONNX Runtime loads);
#   - an arm64 sysroot (glibc, libstdc++, libgcc, zlib, OpenSSL for .NET's SHA-256) for QEMU_LD_PREFIX.
# Idempotent. Prints the folder; source deploy/emulator-env.sh to use it.
set -euo pipefail
root="${EDGESEARCH_EMULATOR_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.tools/arm64}"
qemu="$root/qemu/usr/bin/qemu-aarch64"
if [ -x "$qemu" ] && [ -e "$root/sysroot/lib/ld-linux-aarch64.so.1" ] && compgen -G "$root/sysroot/usr/lib/aarch64-linux-gnu/libssl.so.3*" >/dev/null; then
  echo "$root"
  exit 0
fi
mkdir -p "$root/apt" "$root/debs" "$root/qemu" "$root/sysroot"

fetch() { # fetch SOURCE_LINE ARCH PACKAGE...
  local line="$1" arch="$2"; shift 2
  local state="$root/apt/$arch"
  mkdir -p "$state/lists/partial"
  echo "$line" > "$state/sources.list"
  local opts=(-o "APT::Architecture=$arch" -o "APT::Architectures::=$arch" -o "Dir::Etc::SourceList=$state/sources.list"
              -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$state/lists" -o Debug::NoLocking=1)
  apt-get -qq "${opts[@]}" update
  (cd "$root/debs" && apt-get -qq "${opts[@]}" download "$@" 2>&1 | grep -v unsandboxed || true)
}

# The system's own Debian archive, from its deb822 or one-line sources (comments skipped).
mirror="$( { cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true; } \
  | sed -nE 's/^(URIs:|deb)[[:space:]]+(\[[^]]*\][[:space:]]+)?(https?:\/\/[^[:space:]]*\/debian)\/?([[:space:]].*)?$/\3/p' | head -n 1)"
[ -n "$mirror" ] || { echo "fetch-emulator: no Debian archive found in the apt sources" >&2; exit 1; }
fetch "deb [arch=amd64] $mirror trixie main" amd64 qemu-user
fetch "deb [arch=arm64] $mirror bookworm main" arm64 libc6 libstdc++6 libgcc-s1 zlib1g libssl3
for deb in "$root"/debs/qemu-user_*.deb; do dpkg -x "$deb" "$root/qemu"; done
for deb in "$root"/debs/*_arm64.deb; do dpkg -x "$deb" "$root/sysroot"; done
"$qemu" --version | head -n 1 >&2
echo "$root"
