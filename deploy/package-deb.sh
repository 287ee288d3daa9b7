#!/usr/bin/env bash
# Builds the Debian package edgesearch_VERSION_ARCH.deb with dpkg-deb: both programs (trimmed, self-contained, with
# ONNX Runtime), the default model, the systemd unit, the configuration as a conffile, and maintainer scripts that make
# the edgesearch user (deploy/debian/). Installed layout:
#   /opt/edgesearch/edgesearchd/, /opt/edgesearch/edgesearch/   the programs; /usr/bin/edgesearchd, /usr/bin/edgesearch
#   /etc/edgesearch/edgesearch.json                              the configuration (a conffile: upgrades keep your edits)
#   /lib/systemd/system/edgesearch.service                       the unit
#   /usr/share/edgesearch/model.onnx                             the default model, copied to /var/lib/edgesearch once
#   /var/lib/edgesearch, /var/log/edgesearch                     model, gallery, evidence, MQTT queue; decision log
#
#   deploy/package-deb.sh OUTDIR                       publishes and packages arm64 and amd64
#   deploy/package-deb.sh OUTDIR --arch amd64          one architecture
#   deploy/package-deb.sh OUTDIR --arch arm64 --from artifacts/arm64/ort
#                                                      packages apps already published (deploy/publish-arm64.sh)
#   --version V                                        default: <Version> in Directory.Build.props
#   --compression xz|gzip|none                         default xz (the smallest download; none for tests)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
[ -n "${1:-}" ] && [ "${1:0:1}" != - ] || { echo "usage: package-deb.sh OUTDIR [--arch arm64|amd64] [--from PUBLISH_DIR] [--version V]" >&2; exit 2; }
out="$(mkdir -p "$1" && cd "$1" && pwd)"
shift
arches=(arm64 amd64) from="" version="" compression=xz
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arches=("$2"); shift 2 ;;
    --from) from="$(cd "$2" && pwd)"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --compression) compression="$2"; shift 2 ;;
    *) echo "package-deb.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ -z "$from" ] || [ "${#arches[@]}" -eq 1 ] || { echo "package-deb.sh: --from needs one --arch" >&2; exit 2; }
[ -n "$version" ] || version="$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' "$repo/Directory.Build.props")"
declare -A rid=([arm64]=linux-arm64 [amd64]=linux-x64)

for arch in "${arches[@]}"; do
  [ -n "${rid[$arch]:-}" ] || { echo "package-deb.sh: no architecture '$arch' (arm64 or amd64)" >&2; exit 2; }
  apps="$from"
  if [ -z "$apps" ]; then
    RID="${rid[$arch]}" VARIANTS=ort VERSION="$version" bash "$here/publish-arm64.sh" "$out/publish-$arch" >&2
    apps="$out/publish-$arch/ort"
  fi
  for app in edgesearchd edgesearch; do
    [ -x "$apps/$app/$app" ] || { echo "package-deb.sh: no $app in '$apps/$app'" >&2; exit 1; }
  done

  stage="$(mktemp -d -t edgesearch-deb.XXXXXX)"
  trap 'rm -rf "$stage"' EXIT
  install -d "$stage/DEBIAN" "$stage/opt/edgesearch" "$stage/usr/bin" "$stage/etc/edgesearch" "$stage/lib/systemd/system" \
    "$stage/usr/share/edgesearch" "$stage/usr/share/doc/edgesearch"
  for app in edgesearchd edgesearch; do
    cp -a "$apps/$app" "$stage/opt/edgesearch/$app"
    ln -s "/opt/edgesearch/$app/$app" "$stage/usr/bin/$app"
  done
  install -m 0640 "$here/edgesearch.json" "$stage/etc/edgesearch/edgesearch.json"
  install -m 0644 "$here/edgesearch.service" "$stage/lib/systemd/system/edgesearch.service"
  install -m 0644 "$repo/models/parts.onnx" "$stage/usr/share/edgesearch/model.onnx"
  install -m 0644 "$repo/models/parts.json" "$stage/usr/share/edgesearch/model.json"
  install -m 0644 "$repo/README.md" "$repo/docs/deploy.md" "$stage/usr/share/doc/edgesearch/"
  install -m 0644 "$here/debian/conffiles" "$stage/DEBIAN/conffiles"
  install -m 0755 "$here/debian/postinst" "$here/debian/prerm" "$here/debian/postrm" "$stage/DEBIAN/"
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$stage" | cut -f1)/" \
    "$here/debian/control" > "$stage/DEBIAN/control"
  deb="$out/edgesearch_${version}_$arch.deb"
  dpkg-deb --root-owner-group -Z"$compression" --build "$stage" "$deb" >/dev/null
  rm -rf "$stage"
  trap - EXIT
  printf 'package-deb: %s (%s)\n' "$deb" "$(du -h "$deb" | cut -f1)"
done
